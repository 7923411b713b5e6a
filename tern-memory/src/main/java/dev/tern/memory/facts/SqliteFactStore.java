package dev.tern.memory.facts;

import dev.tern.memory.store.Conn;
import dev.tern.memory.store.Migration;
import dev.tern.memory.store.ScoredId;
import dev.tern.memory.store.Rows;
import dev.tern.memory.store.SqlArrays;
import dev.tern.memory.store.SqliteDatabase;
import dev.tern.memory.store.Stmt;
import dev.tern.memory.store.KeywordIndex;
import dev.tern.memory.text.Texts;
import dev.tern.memory.vector.VectorSpace;
import dev.tern.embed.index.SearchHit;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Facts in SQLite: one row per version of a fact (typed timestamps), FTS5 (bm25, porter stemming) over
 * the current ones, their vectors in a {@link VectorSpace}. A batch is one transaction with statements
 * prepared once; superseding and forgetting touch only the rows concerned.
 */
public final class SqliteFactStore implements dev.tern.memory.vector.Embeddable, FactStore {

    static final String COLUMNS = "id, text, subject, attribute, confidence, source, episode_id, created_at, confirmed_at,"
            + " valid_from, valid_to, superseded_by";

    public static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "facts with validity, FTS5 over current facts",
            "CREATE TABLE facts (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL, subject TEXT, attribute TEXT,"
                    + " subject_key TEXT, fact_key TEXT, hash TEXT NOT NULL, confidence REAL NOT NULL, source TEXT NOT NULL,"
                    + " episode_id INTEGER, created_at INTEGER NOT NULL, confirmed_at INTEGER NOT NULL,"
                    + " valid_from INTEGER NOT NULL, valid_to INTEGER, superseded_by INTEGER)",
            "CREATE UNIQUE INDEX facts_current_key ON facts (fact_key) WHERE valid_to IS NULL AND fact_key IS NOT NULL",
            "CREATE INDEX facts_current_hash ON facts (hash) WHERE valid_to IS NULL",
            "CREATE INDEX facts_current_subject ON facts (subject_key, confirmed_at) WHERE valid_to IS NULL",
            "CREATE INDEX facts_current_by_subject ON facts (subject_key, id) WHERE valid_to IS NULL",
            "CREATE INDEX facts_current_confirmed ON facts (confirmed_at) WHERE valid_to IS NULL",
            "CREATE INDEX facts_superseded_by ON facts (superseded_by) WHERE superseded_by IS NOT NULL",
            KeywordIndex.ddl("facts_fts")[0], KeywordIndex.ddl("facts_fts")[1]));

    private static final String GROUP = "";

    private final SqliteDatabase db;
    private final KeywordIndex keywords = new KeywordIndex("facts_fts");
    private final VectorSpace vectors;

    /** Opens the facts of a database (migrating its schema); {@code dimension} of the embeddings, 0 for none. */
    public SqliteFactStore(SqliteDatabase db, int dimension) {
        this.db = db;
        db.migrate("facts", MIGRATIONS);
        this.vectors = dimension > 0 ? VectorSpace.open(db, "facts", dimension) : null;
    }

    /** The vectors of the facts (null when the store has no embedder). */
    public VectorSpace vectors() { return vectors; }

    @Override
    public List<FactWrite> addAll(List<FactDraft> drafts) {
        if (drafts.isEmpty()) return List.of();
        return db.write(c -> {
            List<FactWrite> out = new ArrayList<>(drafts.size());
            Map<Long, VectorSpace.Entry> newVectors = new LinkedHashMap<>();
            Set<Long> dropVectors = new LinkedHashSet<>();
            List<String> hashes = drafts.stream().map(d -> Texts.contentHash(d.text())).toList();
            Batch batch = new Batch(currentByHash(c, hashes), new HashSet<>());
            for (int i = 0; i < drafts.size(); i++) out.add(addOne(c, drafts.get(i), hashes.get(i), batch, newVectors, dropVectors));
            if (vectors != null) {
                vectors.delete(c, dropVectors);
                vectors.put(c, List.copyOf(newVectors.values()));
            }
            return out;
        });
    }

    /** What one batch learned as it went: current facts by content hash (looked up once), facts it superseded. */
    private record Batch(Map<String, Long> current, Set<Long> superseded) { }

    /** The current fact of each of these content hashes, in one statement. */
    private static Map<String, Long> currentByHash(Conn c, List<String> hashes) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (ResultSet rs = c.prepare("SELECT hash, id FROM facts WHERE valid_to IS NULL AND hash IN (SELECT value FROM json_each(?))")
                .bind(SqlArrays.strings(new LinkedHashSet<>(hashes))).executeQuery()) {
            while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
        }
        return out;
    }

    private FactWrite addOne(Conn c, FactDraft d, String hash, Batch batch, Map<Long, VectorSpace.Entry> newVectors,
                             Set<Long> dropVectors) throws SQLException {
        String subjectKey = d.subject() == null ? null : Texts.nameKey(d.subject());
        String factKey = subjectKey == null || d.attribute() == null ? null : subjectKey + "\u001f" + Texts.normalize(d.attribute());
        Long same = batch.current().get(hash);
        if (same != null && batch.superseded().contains(same)) same = null;
        if (same != null && (d.supersedes() == null || d.supersedes().equals(same))) {
            c.prepare("UPDATE facts SET confirmed_at = MAX(confirmed_at, ?), confidence = MAX(confidence, ?) WHERE id = ?")
                    .bind(d.at(), d.confidence(), same).executeUpdate();
            return new FactWrite(one(c, same), FactWrite.Kind.CONFIRMED, null);
        }
        List<Long> replaced = new ArrayList<>(2);
        if (d.supersedes() != null && isCurrent(c, d.supersedes())) {
            replaced.add(d.supersedes());
            if (d.subject() == null) {   // a correction without a subject keeps the corrected fact's subject and attribute
                Fact old = one(c, d.supersedes());
                d = new FactDraft(d.text(), old.subject(), old.attribute(), d.confidence(), d.source(), d.episodeId(), d.at(),
                        d.vector(), d.supersedes());
                subjectKey = d.subject() == null ? null : Texts.nameKey(d.subject());
                factKey = subjectKey == null || d.attribute() == null ? null : subjectKey + "\u001f" + Texts.normalize(d.attribute());
            }
        }
        if (factKey != null) {
            Long byKey = firstId(c.prepare("SELECT id FROM facts WHERE fact_key = ? AND valid_to IS NULL").bind(factKey));
            if (byKey != null && !replaced.contains(byKey)) replaced.add(byKey);
        }
        Stmt close = c.prepare("UPDATE facts SET valid_to = ? WHERE id = ?");
        for (long old : replaced) close.bind(d.at(), old).executeUpdate();
        long id;
        Instant createdAt = Instant.ofEpochMilli(System.currentTimeMillis());
        try (ResultSet rs = c.prepare("INSERT INTO facts(text, subject, attribute, subject_key, fact_key, hash, confidence,"
                        + " source, episode_id, created_at, confirmed_at, valid_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " RETURNING id")
                .bind(d.text(), d.subject(), d.attribute(), subjectKey, factKey, hash, d.confidence(), d.source(),
                        d.episodeId(), createdAt, d.at(), d.at()).executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        keywords.insert(c, id, d.subject() == null ? d.text() : d.text() + " " + d.subject(), "");
        if (d.vector() != null) newVectors.put(id, new VectorSpace.Entry(id, GROUP, d.vector()));
        Stmt link = c.prepare("UPDATE facts SET superseded_by = ? WHERE id = ?");
        for (long old : replaced) {
            link.bind(id, old).executeUpdate();
            if (newVectors.remove(old) == null) dropVectors.add(old);
            batch.superseded().add(old);
        }
        batch.current().put(hash, id);
        keywords.delete(c, replaced);
        Fact stored = new Fact(id, d.text(), d.subject(), d.attribute(), d.confidence(), d.source(), d.episodeId(), createdAt,
                d.at(), d.at(), null, null);
        return replaced.isEmpty() ? new FactWrite(stored, FactWrite.Kind.ADDED, null)
                : new FactWrite(stored, FactWrite.Kind.SUPERSEDED, replaced.getFirst());
    }

    @Override
    public List<Fact> get(Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        return db.read(c -> Rows.inOrder(ids, list(c.prepare("SELECT " + COLUMNS + " FROM facts WHERE id IN (SELECT value FROM json_each(?))")
                .bind(SqlArrays.ids(ids))), Fact::id));
    }

    @Override
    public List<Fact> current(long afterId, int limit) {
        return db.read(c -> list(c.prepare("SELECT " + COLUMNS + " FROM facts WHERE valid_to IS NULL AND id > ? ORDER BY id LIMIT ?")
                .bind(afterId, limit)));
    }

    @Override
    public void forEachCurrentLine(java.util.function.Consumer<FactLine> action) {
        db.read(c -> {
            Rows.each(c.prepare("SELECT id, text, subject, subject_key FROM facts WHERE valid_to IS NULL ORDER BY subject_key, id"),
                    SqliteFactStore::line, action);
            return null;
        });
    }

    @Override
    public void forEachCurrentLine(String subjectKey, java.util.function.Consumer<FactLine> action) {
        // "" stands for no subject: the NULL keys, then a subject whose key normalised to nothing (rendered together), each
        // an index search (one "IS NULL OR = ''" made SQLite scan the whole index)
        String lines = "SELECT id, text, subject, subject_key FROM facts WHERE valid_to IS NULL AND ";
        db.read(c -> {
            if (subjectKey.isEmpty()) Rows.each(c.prepare(lines + "subject_key IS NULL ORDER BY id"), SqliteFactStore::line, action);
            Rows.each(c.prepare(lines + "subject_key = ? ORDER BY id").bind(subjectKey), SqliteFactStore::line, action);
            return null;
        });
    }

    @Override
    public List<SubjectDigest> currentSubjects() {
        List<SubjectDigest> rows = db.read(c -> Rows.list(c.prepare("SELECT subject_key, COUNT(*), SUM(id), MAX(id) FROM facts"
                + " WHERE valid_to IS NULL GROUP BY subject_key ORDER BY subject_key"),
                rs -> new SubjectDigest(rs.getString(1) == null ? "" : rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))));
        // NULL and '' sort first and next to each other: one section, one digest
        if (rows.size() > 1 && rows.get(0).subjectKey().isEmpty() && rows.get(1).subjectKey().isEmpty()) {
            SubjectDigest a = rows.get(0), b = rows.get(1);
            List<SubjectDigest> merged = new ArrayList<>(rows.subList(1, rows.size()));
            merged.set(0, new SubjectDigest("", a.count() + b.count(), a.idSum() + b.idSum(), Math.max(a.maxId(), b.maxId())));
            return merged;
        }
        return rows;
    }

    @Override
    public void forEachAll(java.util.function.Consumer<Fact> action) {
        db.read(c -> {
            Rows.each(c.prepare("SELECT " + COLUMNS + " FROM facts ORDER BY id"), SqliteFactStore::row, action);
            return null;
        });
    }

    @Override
    public List<Fact> recent(int limit) {
        return db.read(c -> list(c.prepare("SELECT " + COLUMNS + " FROM facts WHERE valid_to IS NULL ORDER BY confirmed_at DESC, id DESC"
                + " LIMIT ?").bind(limit)));
    }

    @Override
    public List<Fact> history(long id) {
        return db.read(c -> list(c.prepare("WITH RECURSIVE chain(id) AS (SELECT ? UNION SELECT f.id FROM facts f JOIN chain ON"
                + " f.superseded_by = chain.id) SELECT " + COLUMNS + " FROM facts WHERE id IN chain ORDER BY valid_from DESC, id DESC")
                .bind(id)));
    }

    @Override
    public List<ScoredId> keyword(String query, int k) {
        if (query == null || k < 1) return List.of();
        return db.read(c -> keywords.search(c, query, "", k));
    }

    @Override
    public List<ScoredId> similar(float[] vector, int k) {
        if (vectors == null || vector == null || k < 1) return List.of();
        List<SearchHit> hits = vectors.search(GROUP, vector, k);
        List<ScoredId> out = new ArrayList<>(hits.size());
        for (SearchHit h : hits) out.add(new ScoredId(h.id(), h.score()));
        return out;
    }

    @Override
    public Map<Long, Double> similarities(float[] vector, Collection<Long> ids) {
        if (vectors == null || vector == null || ids.isEmpty()) return Map.of();
        return vectors.similarities(vector, ids);
    }

    @Override
    public Map<String, Long> currentIdsByText(Collection<String> texts) {
        if (texts.isEmpty()) return Map.of();
        return db.read(c -> {
            Map<String, String> textOf = new HashMap<>();
            for (String t : texts) textOf.put(Texts.contentHash(t), t);
            Map<String, Long> out = new HashMap<>();
            currentByHash(c, List.copyOf(textOf.keySet())).forEach((h, id) -> out.put(textOf.get(h), id));
            return out;
        });
    }

    @Override
    public List<Fact> aboutSubjects(Collection<String> subjects, int limit) {
        if (subjects.isEmpty()) return List.of();
        List<String> keys = subjects.stream().map(Texts::nameKey).distinct().toList();
        return db.read(c -> list(c.prepare("SELECT " + COLUMNS + " FROM facts WHERE valid_to IS NULL AND subject_key IN"
                + " (SELECT value FROM json_each(?)) ORDER BY confirmed_at DESC LIMIT ?").bind(SqlArrays.strings(keys), limit)));
    }

    @Override
    public int confirm(Collection<Long> ids, Instant at) {
        if (ids.isEmpty()) return 0;
        return db.write(c -> c.prepare("UPDATE facts SET confirmed_at = MAX(confirmed_at, ?) WHERE valid_to IS NULL AND id IN"
                + " (SELECT value FROM json_each(?))").bind(at, SqlArrays.ids(ids)).executeUpdate());
    }

    @Override
    public List<Long> forget(Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        return db.write(c -> {
            List<Long> doomed = new ArrayList<>();
            try (ResultSet rs = c.prepare("WITH RECURSIVE chain(id) AS (SELECT value FROM json_each(?) UNION SELECT f.id FROM facts f"
                    + " JOIN chain ON f.superseded_by = chain.id) SELECT facts.id FROM facts JOIN chain ON facts.id = chain.id")
                    .bind(SqlArrays.ids(ids)).executeQuery()) {
                while (rs.next()) doomed.add(rs.getLong(1));
            }
            Stmt row = c.prepare("DELETE FROM facts WHERE id = ?");
            for (long id : doomed) row.bind(id).addBatch();
            row.executeBatch();
            keywords.delete(c, doomed);
            if (vectors != null) vectors.delete(c, doomed);
            return doomed;
        });
    }

    @Override
    public long countCurrent() {
        return db.read(c -> c.prepare("SELECT COUNT(*) FROM facts WHERE valid_to IS NULL").queryLong(0));
    }

    @Override
    public long countAll() {
        return db.read(c -> c.prepare("SELECT COUNT(*) FROM facts").queryLong(0));
    }

    private static boolean isCurrent(Conn c, long id) throws SQLException {
        return firstId(c.prepare("SELECT id FROM facts WHERE id = ? AND valid_to IS NULL").bind(id)) != null;
    }

    private static Fact one(Conn c, long id) throws SQLException {
        List<Fact> l = list(c.prepare("SELECT " + COLUMNS + " FROM facts WHERE id = ?").bind(id));
        return l.getFirst();
    }

    private static Long firstId(Stmt s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    private static List<Fact> list(Stmt s) throws SQLException {
        return Rows.list(s, SqliteFactStore::row);
    }

    private static FactLine line(ResultSet rs) throws SQLException {
        return new FactLine(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4));
    }

    static Fact row(ResultSet rs) throws SQLException {
        long episode = rs.getLong(7);
        Long episodeId = rs.wasNull() ? null : episode;
        long validTo = rs.getLong(11);
        Instant to = rs.wasNull() ? null : Instant.ofEpochMilli(validTo);
        long by = rs.getLong(12);
        Long supersededBy = rs.wasNull() ? null : by;
        return new Fact(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDouble(5), rs.getString(6),
                episodeId, Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)),
                Instant.ofEpochMilli(rs.getLong(10)), to, supersededBy);
    }

    @Override
    public List<dev.tern.memory.vector.Embeddable.Pending> missingVectors(int limit) {
        return vectors == null ? List.of() : vectors.missing("facts", "t.text", "", "t.valid_to IS NULL", limit, Texts::forEmbedding);
    }

    @Override
    public void putVectors(List<VectorSpace.Entry> entries) {
        if (vectors != null) vectors.putAll(entries);
    }
}
