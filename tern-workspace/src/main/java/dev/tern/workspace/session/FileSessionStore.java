package dev.tern.workspace.session;

import dev.tern.store.SessionInfo;
import dev.tern.store.SessionStore;
import dev.tern.store.StoreException;
import dev.tern.workspace.config.SessionsConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sessions of a workspace ({@code <workspace>/sessions/}). Keeps each opened session (and its
 * open file) until {@link #close}; with {@link FsyncPolicy#BATCH}, one virtual thread fsyncs every
 * session with new lines once per batch window (group commit). Thread-safe.
 */
public final class FileSessionStore implements SessionStore {

    private final Path dir;
    private final FsyncPolicy policy;
    private final Clock clock;
    private final Map<String, FileSession> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;
    private final int maxOpenFiles;

    /** Open log files kept by default; the least recently used beyond it are released (reopened on append). */
    public static final int DEFAULT_MAX_OPEN_FILES = 256;

    /** Sessions of {@code workspace} with batch fsync every 200 ms. */
    public FileSessionStore(Path workspace) { this(workspace.resolve("sessions"), FsyncPolicy.BATCH, Duration.ofMillis(200), Clock.systemUTC()); }

    /** Sessions of {@code workspace} as configured. */
    public static FileSessionStore of(Path workspace, SessionsConfig config) {
        return new FileSessionStore(workspace.resolve("sessions"), FsyncPolicy.parse(config.fsync()), config.batchWindow(), Clock.systemUTC());
    }

    /**
     * @param sessionsDir the folder of the session files (created if missing)
     * @param policy      when appends are forced to disk
     * @param batchWindow the group-commit interval for {@link FsyncPolicy#BATCH}
     * @param clock       timestamps
     */
    public FileSessionStore(Path sessionsDir, FsyncPolicy policy, Duration batchWindow, Clock clock) {
        this(sessionsDir, policy, batchWindow, clock, DEFAULT_MAX_OPEN_FILES);
    }

    /** As above, keeping at most {@code maxOpenFiles} log files open at once. */
    public FileSessionStore(Path sessionsDir, FsyncPolicy policy, Duration batchWindow, Clock clock, int maxOpenFiles) {
        if (maxOpenFiles < 1) throw new IllegalArgumentException("maxOpenFiles must be >= 1");
        this.maxOpenFiles = maxOpenFiles;
        this.dir = sessionsDir;
        this.policy = policy;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        if (policy == FsyncPolicy.BATCH) {
            flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("session-fsync").factory());
            long ms = Math.max(1, batchWindow.toMillis());
            flusher.scheduleWithFixedDelay(() -> open.values().forEach(FileSession::syncQuietly), ms, ms, TimeUnit.MILLISECONDS);
        } else {
            flusher = null;
        }
    }

    public Path directory() { return dir; }

    /** The session with this key, loaded from disk or created; the same instance on every call. */
    @Override
    public FileSession open(String key) {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("session key must not be blank");
        FileSession existing = open.get(key);
        if (existing != null) return existing;
        FileSession s = open.computeIfAbsent(key, k -> new FileSession(k, dir.resolve(fileName(k) + ".jsonl"),
                dir.resolve(fileName(k) + ".meta.json"), policy, clock, this::boundOpenFiles));
        boundOpenFiles();
        return s;
    }

    /** Releases the file handles of the least recently used sessions beyond {@code maxOpenFiles} (the newest stay). */
    private void boundOpenFiles() {
        List<FileSession> holding = open.values().stream().filter(FileSession::holdsHandle).toList();
        int excess = holding.size() - maxOpenFiles;
        if (excess <= 0) return;
        holding.stream().sorted(Comparator.comparingLong(FileSession::lastUsed)).limit(excess)
                .forEach(FileSession::releaseHandle);
    }

    /** How many session files are open right now. */
    public int openFiles() { return (int) open.values().stream().filter(FileSession::holdsHandle).count(); }

    @Override
    public boolean exists(String key) { return open.containsKey(key) || Files.exists(dir.resolve(fileName(key) + ".jsonl")); }

    /** Metadata of every session on disk, most recently updated first (reads only the side files). */
    @Override
    public List<SessionInfo> list() {
        List<SessionInfo> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jsonl")) {
            for (Path p : ds) {
                String base = p.getFileName().toString().replaceFirst("\\.jsonl$", "");
                FileSession s = open.values().stream().filter(x -> x.file().equals(p)).findFirst().orElse(null);
                SessionInfo m = s != null ? s.info() : SessionMetaFile.read(dir.resolve(base + ".meta.json"));
                if (m == null) {
                    java.time.Instant t = Files.getLastModifiedTime(p).toInstant();
                    m = new SessionInfo(base, t, t, -1, 0, null);
                }
                out.add(m);
            }
        } catch (IOException e) {
            throw new StoreException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(SessionInfo::updated).reversed());
        return out;
    }

    @Override
    public boolean delete(String key) {
        FileSession s = open.remove(key);
        if (s != null) s.close();
        Path log = dir.resolve(fileName(key) + ".jsonl"), meta = dir.resolve(fileName(key) + ".meta.json");
        try {
            boolean existed = Files.deleteIfExists(log);
            Files.deleteIfExists(meta);
            return existed;
        } catch (IOException e) {
            throw new StoreException("cannot delete session '" + key + "': " + e.getMessage(), e);
        }
    }

    /** The file name for a key, nanobot style: ':' becomes '_', other unsafe characters too. */
    public static String fileName(String key) {
        return key.replace(':', '_').replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdown();  // no interrupt: let a running group commit finish
            try {
                flusher.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        open.values().forEach(FileSession::close);
        open.clear();
    }
}
