package dev.tern.workspace.tools.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The files the sandboxes of one process share, in one temporary folder {@code tern-sandboxes-<n>}: the
 * copies of the allow-listed {@code /etc} (one per distinct content, so the workspaces of a server's
 * thousand users share one, not a thousand 2 MB copies) and the sockets of the allow-list proxies.
 * Nothing is written before the first sandboxed command.
 *
 * <p>Removed at {@link #close()} (a workspace runtime's end), else when the JVM exits. A process that
 * cannot clean up (killed, out of memory) leaves its folder behind; the next process that makes one
 * removes every such folder it finds: each folder holds a lock on its {@code .lock} file while its
 * process lives (a POSIX record lock, released by the kernel when the process dies however it dies),
 * and a folder whose lock can be taken is an orphan. Thread-safe.
 */
public final class SandboxFiles implements AutoCloseable {

    static final String PREFIX = "tern-sandboxes-";
    static final String LOCK = ".lock";
    /** A folder this young may still be being set up by its process (its lock not taken yet): never swept. */
    static final Duration SETTLING = Duration.ofMinutes(1);

    private final Path parent;
    private final Map<EtcSkeleton, Path> etcs = new HashMap<>();
    private Path folder;
    private FileChannel lockFile;
    private Thread hook;
    private int sockets;
    private int swept;
    private boolean closed;

    /** Under {@code java.io.tmpdir}. */
    public SandboxFiles() {
        this(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Under {@code parent} (tests). */
    public SandboxFiles(Path parent) {
        this.parent = parent;
    }

    /**
     * The {@code /etc} copy of {@code skeleton} (links inside folders kept as links, {@code ssl/private}
     * left out), made on the first call for that content.
     */
    synchronized Path etc(EtcSkeleton skeleton) {
        Path d = etcs.get(skeleton);
        if (d != null) return d;
        d = folder().resolve("etc-" + etcs.size());
        try {
            Files.createDirectory(d);
            for (String e : skeleton.entries()) {
                Trees.copyAllowed(Path.of("/etc", e), d.resolve(e), Set.of(Path.of("/etc/ssl/private")));
            }
            Files.writeString(d.resolve("passwd"), skeleton.passwd());
            Files.writeString(d.resolve("group"), skeleton.group());
        } catch (IOException e) {
            deleteQuietly(d);
            throw new UncheckedIOException("cannot prepare the sandbox's /etc in " + d + ": " + e.getMessage(), e);
        }
        etcs.put(skeleton, d);
        return d;
    }

    /** A path for one more proxy socket (not created). */
    synchronized Path socket() {
        return folder().resolve("proxy-" + sockets++ + ".sock");
    }

    /** The folder, made on the first call (after removing orphaned ones). */
    public synchronized Path folder() {
        if (closed) throw new IllegalStateException("the sandbox files are closed");
        if (folder != null) return folder;
        Path made = null;
        try {
            Files.createDirectories(parent);
            swept = sweep(parent);
            made = Files.createTempDirectory(parent, PREFIX);
            lockFile = FileChannel.open(made.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            lockFile.lock(); // held while the channel is open
        } catch (IOException e) {
            releaseLock();
            if (made != null) deleteQuietly(made);
            throw new UncheckedIOException("cannot create the sandbox's folder under " + parent + ": " + e.getMessage(), e);
        }
        Path f = made;
        hook = new Thread(() -> deleteQuietly(f), "tern-sandbox-files-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        folder = f;
        return f;
    }

    /** The folder if it was made, without making it. */
    public synchronized Path folderIfMade() { return folder; }

    /** How many orphaned folders the making of this one removed. */
    public synchronized int swept() { return swept; }

    /** Removes the folder (copies and sockets); sandboxes using it must not run commands afterwards. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (folder == null) return;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran
        }
        deleteQuietly(folder);
        releaseLock();
        etcs.clear();
        folder = null;
    }

    private void releaseLock() {
        try {
            if (lockFile != null) lockFile.close(); // releases the lock
        } catch (IOException ignored) {
            // closing a local file's channel
        }
        lockFile = null;
    }

    /**
     * Removes the folders under {@code parent} left by processes that are gone: older than
     * {@link #SETTLING} and with a lock that can be taken (or no lock file at all).
     *
     * @return how many were removed
     */
    static int sweep(Path parent) {
        int removed = 0;
        Instant settled = Instant.now().minus(SETTLING);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path d : ds) {
                try {
                    if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)
                            || Files.getLastModifiedTime(d, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(settled)) {
                        continue;
                    }
                    if (orphaned(d)) {
                        removed++;
                    }
                } catch (IOException | RuntimeException e) {
                    // another user's folder, or one that went away: not ours to remove
                }
            }
        } catch (IOException e) {
            return removed; // the temporary folder cannot be listed: nothing swept
        }
        return removed;
    }

    /** Deletes {@code d} if no live process holds its lock. */
    private static boolean orphaned(Path d) throws IOException {
        Path lockPath = d.resolve(LOCK);
        if (!Files.exists(lockPath, LinkOption.NOFOLLOW_LINKS)) {
            Trees.deleteRecursively(d);
            return true;
        }
        try (FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.WRITE)) {
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException liveInThisJvm) {
                return false;
            }
            if (l == null) return false; // its process lives
            Trees.deleteRecursively(d);
            return true;
        }
    }

    private static void deleteQuietly(Path d) {
        try {
            Trees.deleteRecursively(d);
        } catch (IOException ignored) {
            // a temporary folder left behind: the next process's sweep removes it
        }
    }
}
