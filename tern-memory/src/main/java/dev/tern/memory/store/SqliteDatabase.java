package dev.tern.memory.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * One SQLite database file shared by every store of a process: opened once, kept open (never a
 * connection per operation, seed 003 section 2.1), in WAL mode so readers never wait for the writer.
 *
 * <p>There is ONE writer connection: every write runs under a lock (virtual threads queue on it, no
 * carrier is pinned) inside a single {@code BEGIN IMMEDIATE} transaction, so a batch is one commit and
 * a second process ({@code tern chat} next to {@code tern memory}) waits on SQLite's busy timeout
 * instead of failing. Reads run on a small fixed set of long-lived reader connections, checked out per
 * call, so several virtual threads read concurrently. Each connection keeps its prepared statements
 * (see {@link Conn#prepare}). Schemas are versioned per component in {@code schema_version}.
 */
public final class SqliteDatabase implements AutoCloseable {

    static {
        SqliteNative.preferCachedLibrary();
    }

    /** How long a connection waits for another process's write lock before failing. */
    public static final int BUSY_TIMEOUT_MS = 10_000;

    private final Path file;
    private final Conn writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Conn> readers;
    private final int maxReaders;
    private int openedReaders;                   // guarded by readers' monitor
    private final List<Conn> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong commits = new AtomicLong();
    private volatile boolean closed;

    private SqliteDatabase(Path file, int readers) throws SQLException {
        this.file = file;
        this.writer = connect(file, false);
        all.add(writer);
        this.readers = new ArrayBlockingQueue<>(readers);
        this.maxReaders = readers;
    }

    /**
     * Opens (creating it and its folder when missing) a database file with two reader connections.
     *
     * @throws StoreException with a one-line reason when the file cannot be opened
     */
    public static SqliteDatabase open(Path file) {
        return open(file, 2);
    }

    /** Opens a database file with {@code readers} reader connections (at least 1). */
    public static SqliteDatabase open(Path file, int readers) {
        Path abs = file.toAbsolutePath().normalize();
        try {
            if (abs.getParent() != null) Files.createDirectories(abs.getParent());
            return new SqliteDatabase(abs, Math.max(1, readers));
        } catch (IOException | SQLException e) {
            throw new StoreException("cannot open the memory database " + abs + ": " + e.getMessage(), e);
        }
    }

    private static Conn connect(Path file, boolean reader) throws SQLException {
        SQLiteConfig c = new SQLiteConfig();
        c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        c.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);  // WAL + NORMAL: a commit survives a process crash
        c.setBusyTimeout(BUSY_TIMEOUT_MS);
        c.enforceForeignKeys(true);
        c.setTempStore(SQLiteConfig.TempStore.MEMORY);
        c.setCacheSize(-16_000);                                  // 16 MB page cache per connection
        Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file, c.toProperties());
        try (var st = jdbc.createStatement()) {
            st.execute("PRAGMA mmap_size=268435456");
            st.execute("PRAGMA wal_autocheckpoint=4000");   // checkpoint every ~16 MB of WAL: fewer, larger copies on bulk writes
            if (reader) st.execute("PRAGMA query_only=ON");
        }
        return new Conn(jdbc);
    }

    public Path file() { return file; }

    /** Write transactions committed so far by this process. */
    public long commits() { return commits.get(); }

    /**
     * Runs {@code work} on the writer connection inside one transaction: committed when it returns,
     * rolled back when it throws. Nested calls on the same thread join the outer transaction.
     *
     * @throws StoreException when SQLite fails (the transaction is rolled back)
     */
    public <T> T write(SqlWork<T> work) {
        checkOpen();
        boolean outer = !writeLock.isHeldByCurrentThread();
        writeLock.lock();
        try {
            if (!outer) return work.run(writer);
            // autocommit stays on and the transaction is explicit: the driver's own transactions would
            // begin the next one right after each commit and hold SQLite's write lock while idle
            writer.prepare("BEGIN IMMEDIATE").executeUpdate();
            T out;
            try {
                out = work.run(writer);
                writer.prepare("COMMIT").executeUpdate();
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(e);
                if (e instanceof Error err) throw err;
                throw e instanceof StoreException s ? s : e instanceof SQLException q ? wrap(q) : (RuntimeException) e;
            }
            commits.incrementAndGet();
            for (Runnable r : writer.drainAfterCommit()) r.run();
            return out;
        } catch (SQLException e) {
            throw wrap(e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} on a reader connection (waits for a free one). Inside a write on the same
     * thread it runs on the writer, so it sees the transaction's own changes.
     */
    public <T> T read(SqlWork<T> work) {
        checkOpen();
        if (writeLock.isHeldByCurrentThread()) {
            try {
                return work.run(writer);
            } catch (SQLException e) {
                throw wrap(e);
            }
        }
        Conn c;
        try {
            c = reader();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a database connection", e);
        } catch (SQLException e) {
            throw wrap(e);
        }
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw wrap(e);
        } finally {
            readers.add(c);
        }
    }

    /**
     * Brings a component's schema to the newest of {@code migrations} (versions 1, 2, 3 ... in order),
     * each step and its {@code schema_version} row in the same transaction. Two processes migrating at
     * once are serialized by SQLite's write lock; the second sees the work done.
     *
     * @throws StoreException when the file was written by a newer schema than this build knows
     */
    public void migrate(String component, List<Migration> migrations) {
        int newest = migrations.isEmpty() ? 0 : migrations.getLast().version();
        if (schemaVersion(component) == newest && newest > 0) return;   // the common case: a read, no write transaction
        write(c -> {
            c.execute("CREATE TABLE IF NOT EXISTS schema_version (component TEXT NOT NULL, version INTEGER NOT NULL,"
                    + " description TEXT NOT NULL, applied_at INTEGER NOT NULL, PRIMARY KEY (component, version))");
            int current = 0;
            try (var rs = c.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version WHERE component = ?")
                    .bind(component).executeQuery()) {
                if (rs.next()) current = rs.getInt(1);
            }
            if (current > newest) {
                throw new StoreException(file + ": the " + component + " schema is at version " + current
                        + " but this Tern knows only up to " + newest + " (written by a newer Tern)");
            }
            int expected = 1;
            for (Migration m : migrations) {
                if (m.version() != expected++) throw new IllegalArgumentException(component + ": migrations must be numbered 1, 2, 3 ...");
                if (m.version() <= current) continue;
                for (String sql : m.statements()) c.execute(sql);
                c.prepare("INSERT INTO schema_version(component, version, description, applied_at) VALUES (?, ?, ?, ?)")
                        .bind(component, m.version(), m.description(), System.currentTimeMillis()).executeUpdate();
            }
            return null;
        });
    }

    /** The schema version of a component (0 when it has none). */
    public int schemaVersion(String component) {
        return read(c -> {
            try (var rs = c.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version WHERE component = ?")
                    .bind(component).executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            } catch (SQLException e) {
                if (String.valueOf(e.getMessage()).contains("no such table")) return 0;
                throw e;
            }
        });
    }

    /** A free reader: an idle one, or a new one while fewer than the maximum are open (opened on demand, kept). */
    private Conn reader() throws InterruptedException, SQLException {
        Conn c = readers.poll();
        if (c != null) return c;
        synchronized (readers) {
            if (openedReaders < maxReaders) {
                Conn r = connect(file, true);
                all.add(r);
                openedReaders++;
                return r;
            }
        }
        return readers.take();
    }

    private void rollbackQuietly(Throwable cause) {
        writer.drainAfterCommit();
        try {
            writer.prepare("ROLLBACK").executeUpdate();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private StoreException wrap(SQLException e) {
        return new StoreException(file.getFileName() + ": " + e.getMessage(), e);
    }

    private void checkOpen() {
        if (closed) throw new StoreException("the memory database " + file + " is closed");
    }

    @Override
    public void close() {
        if (closed) return;
        writeLock.lock();
        try {
            try {
                writer.execute("PRAGMA optimize");   // keeps the planner's statistics current (SQLite's advice before closing)
            } catch (SQLException e) {
                // statistics only
            }
            closed = true;
            int open;
            synchronized (readers) {
                open = openedReaders;
            }
            for (int i = 0; i < open; i++) {                          // wait (bounded) for readers still in use
                try {
                    if (readers.poll(5, java.util.concurrent.TimeUnit.SECONDS) == null) break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            StoreException failure = null;
            for (Conn c : all) {
                try {
                    c.close();
                } catch (SQLException e) {
                    if (failure == null) failure = new StoreException("closing " + file + ": " + e.getMessage(), e);
                }
            }
            if (failure != null) throw failure;
        } finally {
            writeLock.unlock();
        }
    }
}
