package dev.tern.workspace.tools;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * File access that cannot be redirected by a symlink swapped in between a check and the use
 * (check-then-use race). Every path is walked from an open handle of the root, one component at a
 * time, each opened relative to its parent's handle with {@code O_NOFOLLOW} ({@code openat}, through
 * {@link SecureDirectoryStream}); the file itself is opened the same way. A symlink met on the way is
 * read and its target is walked again from the root, lexically, so it is followed only while it stays
 * inside the root; if a component becomes a symlink after it was looked at, the open fails instead of
 * following it. What is read, listed or replaced is therefore always the entry of a folder that was
 * itself reached inside the root.
 *
 * <p>The root is the workspace when access is restricted, {@code /} otherwise (then only the race is
 * closed). One gap remains: a missing parent folder is created by path ({@code mkdir}; Java offers no
 * {@code mkdirat}), so a racing swap could create an empty folder elsewhere; nothing is written there,
 * because the folder is then opened without following links like every other component.
 */
final class ConfinedFiles {

    private static final int MAX_LINKS = 40;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final boolean confined;

    /** @param root the real (symlink-free) root path; {@code confined} false means root is "/" */
    ConfinedFiles(Path root, boolean confined) {
        this.root = root;
        this.confined = confined;
    }

    /** An open file to read and what it is. */
    record OpenFile(Path path, SeekableByteChannel channel, BasicFileAttributes attrs) implements Closeable {
        @Override
        public void close() throws IOException { channel.close(); }
    }

    /** One folder entry. */
    record Entry(String name, boolean directory, boolean symlink) { }

    /**
     * A folder handle and a name in it: where a path ends after every link on the way was followed.
     * {@code name} is null when the path is the root itself.
     */
    private record Walked(SecureDirectoryStream<Path> dir, String name, Path path) implements Closeable {
        @Override
        public void close() throws IOException { dir.close(); }

        BasicFileAttributes attrs() throws IOException {
            return dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, NOFOLLOW).readAttributes();
        }
    }

    /** The attributes of the file at {@code abs} (links inside the root followed), or null when it does not exist. */
    BasicFileAttributes stat(Path abs) throws IOException {
        try (Walked w = walk(abs, false)) {
            if (w.name() == null) return Files.readAttributes(root, BasicFileAttributes.class);
            return w.attrs();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Where {@code abs} really is (links followed inside the root); the file need not exist. */
    Path real(Path abs) throws IOException {
        try (Walked w = walk(abs, true)) {
            return w.path();
        } catch (NoSuchFileException e) { // a missing folder on the way: it will be created where its parent really is
            Path parent = abs.toAbsolutePath().normalize().getParent();
            if (parent == null || parent.equals(abs)) throw e;
            return real(parent).resolve(abs.getFileName());
        }
    }

    /** Opens a regular file for reading. */
    OpenFile openRead(Path abs) throws IOException {
        try (Walked w = walk(abs, false)) {
            if (w.name() == null) throw new ToolException("'" + abs + "' is a directory; use list_dir");
            BasicFileAttributes a = w.attrs();
            if (a.isDirectory()) throw new ToolException("'" + abs + "' is a directory; use list_dir");
            if (!a.isRegularFile()) throw new ToolException("'" + abs + "' is not a regular file");
            Set<OpenOption> read = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            return new OpenFile(w.path(), w.dir().newByteChannel(Path.of(w.name()), read), a);
        }
    }

    /** The entries of a folder, unsorted. */
    List<Entry> list(Path abs) throws IOException {
        try (Walked w = walk(abs, false)) {
            if (w.name() == null) return entries(w.dir());
            if (!w.attrs().isDirectory()) throw new NotDirectoryException(abs.toString());
            try (SecureDirectoryStream<Path> d = w.dir().newDirectoryStream(Path.of(w.name()), NOFOLLOW)) {
                return entries(d);
            }
        }
    }

    private static List<Entry> entries(SecureDirectoryStream<Path> d) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Path p : d) {
            Path name = p.getFileName();
            BasicFileAttributes a;
            try {
                a = d.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
            } catch (NoSuchFileException gone) {
                continue; // removed while listing
            }
            out.add(new Entry(name.toString(), a.isDirectory(), a.isSymbolicLink()));
        }
        return out;
    }

    /**
     * Replaces (or creates) the file at {@code abs} atomically: a temp file created in the same folder
     * handle, then a rename inside that folder; missing parent folders are created.
     *
     * @return where the file really is
     */
    Path write(Path abs, byte[] bytes) throws IOException {
        createParents(abs);
        try (Walked w = walk(abs, true)) {
            if (w.name() == null) throw new ToolException("'" + abs + "' is a directory");
            SecureDirectoryStream<Path> dir = w.dir();
            Path name = Path.of(w.name());
            Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rw-r--r--");
            boolean exists = false;
            try {
                PosixFileAttributeView v = dir.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW);
                var a = v.readAttributes();
                if (a.isDirectory()) throw new ToolException("'" + abs + "' is a directory");
                if (a.isRegularFile()) perms = a.permissions();
                exists = true;
            } catch (NoSuchFileException e) {
                // a new file
            }
            Path tmp = Path.of("." + w.name() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            Set<OpenOption> create = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS);
            try {
                try (SeekableByteChannel ch = dir.newByteChannel(tmp, create, PosixFilePermissions.asFileAttribute(perms))) {
                    var buf = java.nio.ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) ch.write(buf);
                }
                dir.getFileAttributeView(tmp, PosixFileAttributeView.class, NOFOLLOW).setPermissions(perms);
                dir.move(tmp, dir, name);
            } catch (IOException | RuntimeException e) {
                try {
                    dir.deleteFile(tmp);
                } catch (IOException ignored) {
                    // never created, or already moved
                }
                throw e;
            }
            return w.path();
        }
    }

    private void createParents(Path abs) throws IOException {
        Path parent = abs.getParent();
        if (parent == null || stat(parent) != null) return;
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = parent; p != null && stat(p) == null; p = p.getParent()) missing.push(p);
        for (Path p : missing) {
            Path at = real(p); // the links before it followed inside the root
            try {
                Files.createDirectory(at);
            } catch (FileAlreadyExistsException e) {
                // created meanwhile
            }
        }
    }

    /**
     * Walks {@code abs} from the root handle. Links on the way (and the last one too) are followed only
     * inside the root; with {@code allowMissing} a missing last component is fine (a file to create).
     */
    private Walked walk(Path abs, boolean allowMissing) throws IOException {
        Path target = abs.toAbsolutePath().normalize();
        for (int links = 0; ; links++) {
            if (links > MAX_LINKS) throw new ToolException("too many levels of symbolic links at " + abs);
            if (!target.startsWith(root)) throw outside(abs, target);
            Path rel = root.relativize(target);
            @SuppressWarnings("unchecked")
            SecureDirectoryStream<Path> dir = (SecureDirectoryStream<Path>) open(root);
            Path at = root;
            int n = rel.toString().isEmpty() ? 0 : rel.getNameCount();
            Path relinked = null;
            try {
                for (int i = 0; i < n; i++) {
                    String name = rel.getName(i).toString();
                    Path here = at.resolve(name);
                    BasicFileAttributes a;
                    try {
                        a = dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, NOFOLLOW).readAttributes();
                    } catch (NoSuchFileException e) {
                        if (i == n - 1 && allowMissing) return new Walked(dir, name, here);
                        throw new NoSuchFileException(abs.toString());
                    }
                    if (a.isSymbolicLink()) {
                        Path link = Files.readSymbolicLink(here);
                        Path next = (link.isAbsolute() ? link : at.resolve(link)).normalize();
                        for (int k = i + 1; k < n; k++) next = next.resolve(rel.getName(k));
                        relinked = next.normalize();
                        break;
                    }
                    if (i == n - 1) return new Walked(dir, name, here);
                    if (!a.isDirectory()) throw new NotDirectoryException(here.toString());
                    SecureDirectoryStream<Path> sub = dir.newDirectoryStream(Path.of(name), NOFOLLOW);
                    dir.close();
                    dir = sub;
                    at = here;
                }
                if (relinked == null) return new Walked(dir, null, root);
            } catch (IOException | RuntimeException e) {
                dir.close();
                throw e;
            }
            dir.close();
            target = relinked;
        }
    }

    private static DirectoryStream<Path> open(Path dir) throws IOException {
        DirectoryStream<Path> d = Files.newDirectoryStream(dir);
        if (!(d instanceof SecureDirectoryStream<Path>)) {
            d.close();
            throw new IOException("this platform cannot open files relative to a folder handle (no SecureDirectoryStream)");
        }
        return d;
    }

    private ToolException outside(Path asked, Path real) {
        return new ToolException("path '" + asked + "' resolves through a symlink to " + real + ", outside the workspace "
                + root + " (file access is restricted to the workspace)");
    }

    boolean confined() { return confined; }
}
