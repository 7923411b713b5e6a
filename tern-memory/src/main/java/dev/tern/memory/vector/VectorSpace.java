package dev.tern.memory.vector;

import dev.tern.embed.index.SearchHit;
import dev.tern.embed.index.VectorIndex;
import dev.tern.memory.store.Conn;
import dev.tern.memory.store.Migration;
import dev.tern.memory.store.SqliteDatabase;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The vectors of one kind of memory (facts, episodes, runs), persisted in SQLite and searched in
 * memory. Vectors are stored once, as float32 blobs; at open they are streamed into the index (no
 * rows materialised), and afterwards only changes are read: every write appends to
 * {@code vector_log}, and a search first applies what other processes logged since (one indexed
 * query that returns nothing in the common case), so a {@code tern memory forget} in another process
 * never leaves a stale vector here for long.
 *
 * <p>Vectors are grouped (one group per agent for past runs, one group for facts); each group has an
 * exact top-k index ({@link VectorIndex} from tern-embeddings: int8 scan, float re-rank). Groups
 * larger than {@link #PREFILTER_FROM} also get a {@link SignIndex}: the search takes the
 * {@link #CANDIDATES} most likely neighbours by sign bits and ranks only those exactly, which keeps a
 * search around a millisecond at 100 000 vectors where the full scan takes several, finding ~99 % of
 * the exact top 10 (measured in {@code tern bench memory}). Past a few million vectors an HNSW graph
 * (pgvector in the PostgreSQL store, or Lucene's) should take over.
 */
public final class VectorSpace {

    /** Group size from which searches go through the sign-bit prefilter. */
    public static final int PREFILTER_FROM = 20_000;
    /** Candidates the prefilter hands to the exact ranking. */
    public static final int CANDIDATES = 400;
    /** Log rows kept; a process further behind than this reloads the space. */
    static final int LOG_KEEP = 50_000;

    public static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "vectors and their change log",
            "CREATE TABLE vectors (space TEXT NOT NULL, id INTEGER NOT NULL, grp TEXT NOT NULL, vec BLOB NOT NULL,"
                    + " PRIMARY KEY (space, id))",
            "CREATE TABLE vector_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, space TEXT NOT NULL, id INTEGER NOT NULL,"
                    + " grp TEXT NOT NULL, op INTEGER NOT NULL)",
            "CREATE INDEX vector_log_space ON vector_log (space, seq)"));

    /** A vector to store under an id, in a group. */
    public record Entry(long id, String group, float[] vector) { }

    private record Group(VectorIndex exact, SignIndex signs) { }

    private final SqliteDatabase db;
    private final String space;
    private final int dim;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Map<Long, String> groupOf = new ConcurrentHashMap<>();
    private final ReentrantLock syncLock = new ReentrantLock();
    private volatile long lastSeq;
    private volatile long lastSyncNanos;
    /** Other processes' changes are looked for at most this often (a forgotten fact is filtered out by its row anyway). */
    static final long SYNC_EVERY_NANOS = 200_000_000L;

    private VectorSpace(SqliteDatabase db, String space, int dim) {
        this.db = db;
        this.space = space;
        this.dim = dim;
    }

    /** Opens the space: migrates the schema and streams the stored vectors into memory. */
    public static VectorSpace open(SqliteDatabase db, String space, int dim) {
        db.migrate("vectors", MIGRATIONS);
        VectorSpace s = new VectorSpace(db, space, dim);
        s.reload();
        return s;
    }

    public int dimension() { return dim; }

    /** Vectors held in memory, all groups. */
    public int size() { return groupOf.size(); }

    /** Stores vectors inside the caller's write transaction; memory follows after the commit. */
    public void put(Conn c, List<Entry> entries) throws SQLException {
        if (entries.isEmpty()) return;
        var insert = c.prepare("INSERT INTO vectors(space, id, grp, vec) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT(space, id) DO UPDATE SET grp = excluded.grp, vec = excluded.vec");
        var log = c.prepare("INSERT INTO vector_log(space, id, grp, op) VALUES (?, ?, ?, 1)");
        for (Entry e : entries) {
            if (e.vector().length != dim) {
                throw new IllegalArgumentException("vector for id " + e.id() + " has " + e.vector().length + " components, the space has " + dim);
            }
            insert.bind(space, e.id(), e.group(), encode(e.vector())).addBatch();
            log.bind(space, e.id(), e.group()).addBatch();
        }
        insert.executeBatch();
        log.executeBatch();
        long seq = c.prepare("SELECT last_insert_rowid()").queryLong(0);
        List<Entry> copy = List.copyOf(entries);
        c.afterCommit(() -> {
            apply(copy);
            advancePast(seq - copy.size() + 1, seq);
        });
        trim(c, seq, copy.size());
    }

    /** Deletes vectors inside the caller's write transaction; memory follows after the commit. */
    public void delete(Conn c, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) return;
        var del = c.prepare("DELETE FROM vectors WHERE space = ? AND id = ?");
        var log = c.prepare("INSERT INTO vector_log(space, id, grp, op) VALUES (?, ?, '', 0)");
        for (long id : ids) {
            del.bind(space, id).addBatch();
            log.bind(space, id).addBatch();
        }
        del.executeBatch();
        log.executeBatch();
        long seq = c.prepare("SELECT last_insert_rowid()").queryLong(0);
        List<Long> copy = List.copyOf(ids);
        c.afterCommit(() -> {
            copy.forEach(this::removeInMemory);
            advancePast(seq - copy.size() + 1, seq);
        });
        trim(c, seq, copy.size());
    }

    /**
     * Up to {@code limit} rows of {@code table} that should have a vector in this space and have none:
     * {@code idColumn} and {@code textExpression} (and {@code groupExpression}, or "" for one group) selected,
     * oldest first, {@code where} filtering the rows that need one.
     */
    public List<Embeddable.Pending> missing(String table, String textExpression, String groupExpression, String where, int limit,
                                            java.util.function.UnaryOperator<String> forEmbedding) {
        String sql = "SELECT t.id, " + textExpression + ", " + (groupExpression.isEmpty() ? "''" : groupExpression) + " FROM " + table
                + " t WHERE " + (where.isEmpty() ? "" : where + " AND ") + "NOT EXISTS (SELECT 1 FROM vectors v WHERE v.space = ? AND v.id = t.id)"
                + " ORDER BY t.id LIMIT ?";
        return db.read(c -> {
            List<Embeddable.Pending> out = new ArrayList<>();
            try (ResultSet rs = c.prepare(sql).bind(space, limit).executeQuery()) {
                while (rs.next()) out.add(new Embeddable.Pending(rs.getLong(1), rs.getString(3), forEmbedding.apply(rs.getString(2))));
            }
            return out;
        });
    }

    /** Stores vectors in a transaction of their own. */
    public void putAll(List<Entry> entries) {
        if (entries.isEmpty()) return;
        db.write(c -> {
            put(c, entries);
            return null;
        });
    }

    /** Every 4096 log rows, drops those more than {@link #LOG_KEEP} behind. */
    private void trim(Conn c, long seq, int n) throws SQLException {
        if (seq / 4096 != (seq - n) / 4096) {
            c.prepare("DELETE FROM vector_log WHERE space = ? AND seq < ?").bind(space, seq - LOG_KEEP).executeUpdate();
        }
    }

    /** The k stored vectors of {@code group} most similar to {@code query}, best first (cosine). */
    public List<SearchHit> search(String group, float[] query, int k) {
        return search(group, query, k, Math.max(CANDIDATES, k * 10));
    }

    /** {@link #search(String, float[], int)} with a chosen number of prefilter candidates (the benchmark tunes it). */
    public List<SearchHit> search(String group, float[] query, int k, int candidates) {
        sync();
        Group g = groups.get(group);
        if (g == null) return List.of();
        int n = g.exact().size();
        if (n == 0) return List.of();
        if (n < PREFILTER_FROM) return g.exact().search(query, k);
        return g.exact().searchAmong(query, k, g.signs().candidates(query, candidates));
    }

    /** The exact top k (full int8 scan, no prefilter): the reference the benchmark compares with. */
    public List<SearchHit> searchExact(String group, float[] query, int k) {
        sync();
        Group g = groups.get(group);
        return g == null || g.exact().size() == 0 ? List.of() : g.exact().search(query, k);
    }

    /** Cosine similarity of {@code query} to the stored vector of each id that has one. */
    public Map<Long, Double> similarities(float[] query, Collection<Long> ids) {
        if (ids.isEmpty()) return Map.of();
        Map<String, long[]> byGroup = new java.util.HashMap<>();
        Map<String, Integer> filled = new java.util.HashMap<>();
        for (long id : ids) {
            String group = groupOf.get(id);
            if (group == null) continue;
            long[] a = byGroup.computeIfAbsent(group, x -> new long[ids.size()]);
            int at = filled.merge(group, 1, Integer::sum) - 1;
            a[at] = id;
        }
        Map<Long, Double> out = new java.util.HashMap<>();
        byGroup.forEach((name, a) -> {
            Group g = groups.get(name);
            if (g == null) return;
            long[] these = java.util.Arrays.copyOf(a, filled.get(name));
            for (SearchHit h : g.exact().searchAmong(query, these.length, these)) out.put(h.id(), (double) h.score());
        });
        return out;
    }

    /** Whether a vector is stored for {@code id}. */
    public boolean contains(long id) { return groupOf.containsKey(id); }

    /** Applies changes other processes logged since the last look (cheap when there are none). */
    public void sync() {
        if (System.nanoTime() - lastSyncNanos < SYNC_EVERY_NANOS) return;
        if (!syncLock.tryLock()) {     // another thread is syncing: wait for it rather than repeat it
            syncLock.lock();
            syncLock.unlock();
            return;
        }
        try {
            db.read(c -> {
                catchUpLocked(c);
                return null;
            });
            lastSyncNanos = System.nanoTime();
        } finally {
            syncLock.unlock();
        }
    }

    private void catchUpLocked(Conn c) throws SQLException {
        long from = lastSeq;
        long oldest = c.prepare("SELECT MIN(seq) FROM vector_log WHERE space = ?").bind(space).queryLong(0);
        if (oldest > from + 1) {          // the log was trimmed past us: start over
            reloadOn(c);
            return;
        }
        List<Long> added = new ArrayList<>();
        long seq = from;
        try (ResultSet rs = c.prepare("SELECT seq, id, op FROM vector_log WHERE space = ? AND seq > ? ORDER BY seq")
                .bind(space, from).executeQuery()) {
            while (rs.next()) {
                seq = rs.getLong(1);
                long id = rs.getLong(2);
                if (rs.getInt(3) == 0) {
                    added.remove(id);
                    removeInMemory(id);
                } else {
                    added.add(id);
                }
            }
        }
        if (!added.isEmpty()) {
            List<Entry> entries = new ArrayList<>();
            var get = c.prepare("SELECT grp, vec FROM vectors WHERE space = ? AND id = ?");
            for (long id : added) {
                try (ResultSet rs = get.bind(space, id).executeQuery()) {
                    if (rs.next()) entries.add(new Entry(id, rs.getString(1), decode(rs.getBytes(2))));
                }
            }
            apply(entries);
        }
        advance(seq);
    }

    private void reload() {
        syncLock.lock();
        try {
            db.read(c -> {
                reloadOn(c);
                return null;
            });
        } finally {
            syncLock.unlock();
        }
    }

    private void reloadOn(Conn c) throws SQLException {
        groups.clear();
        groupOf.clear();
        long top = c.prepare("SELECT MAX(seq) FROM vector_log WHERE space = ?").bind(space).queryLong(0);
        List<Entry> batch = new ArrayList<>(4096);
        try (ResultSet rs = c.prepare("SELECT id, grp, vec FROM vectors WHERE space = ?").bind(space).executeQuery()) {
            while (rs.next()) {
                batch.add(new Entry(rs.getLong(1), rs.getString(2), decode(rs.getBytes(3))));
                if (batch.size() == 4096) {
                    apply(batch);
                    batch.clear();
                }
            }
        }
        apply(batch);
        lastSeq = top;
    }

    private void advance(long seq) {
        if (seq > lastSeq) lastSeq = seq;
    }

    /**
     * After our own write of log rows [first, last]: skip re-reading them when nothing from another
     * process lies between what we had seen and them; otherwise the next sync reads it all.
     */
    private void advancePast(long first, long last) {
        syncLock.lock();
        try {
            if (lastSeq >= first - 1) advance(last);
        } finally {
            syncLock.unlock();
        }
    }

    private void apply(List<Entry> entries) {
        if (entries.isEmpty()) return;
        Map<String, List<VectorIndex.Entry>> byGroup = new java.util.HashMap<>();
        for (Entry e : entries) {
            String old = groupOf.put(e.id(), e.group());
            if (old != null && !old.equals(e.group())) removeFromGroup(old, e.id());
            byGroup.computeIfAbsent(e.group(), k -> new ArrayList<>()).add(new VectorIndex.Entry(e.id(), e.vector()));
        }
        byGroup.forEach((name, list) -> {
            Group g = groups.computeIfAbsent(name, k -> new Group(new VectorIndex(dim), new SignIndex(dim)));
            g.exact().addAll(list);
            for (VectorIndex.Entry e : list) g.signs().add(e.id(), e.vector());
        });
    }

    private void removeInMemory(long id) {
        String g = groupOf.remove(id);
        if (g != null) removeFromGroup(g, id);
    }

    private void removeFromGroup(String group, long id) {
        Group g = groups.get(group);
        if (g == null) return;
        g.exact().remove(id);
        g.signs().remove(id);
    }

    /** Bytes held in memory by the indexes. */
    public long memoryBytes() {
        long n = 0;
        for (Group g : groups.values()) n += g.exact().memoryBytes() + g.signs().memoryBytes();
        return n;
    }

    static byte[] encode(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] decode(byte[] bytes) {
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
