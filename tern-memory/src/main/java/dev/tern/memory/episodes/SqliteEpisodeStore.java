package dev.tern.memory.episodes;

import dev.tern.embed.index.SearchHit;
import dev.tern.memory.store.Migration;
import dev.tern.memory.store.ScoredId;
import dev.tern.memory.store.Rows;
import dev.tern.memory.store.SqlArrays;
import dev.tern.memory.store.SqliteDatabase;
import dev.tern.memory.store.Stmt;
import dev.tern.memory.store.KeywordIndex;
import dev.tern.memory.vector.VectorSpace;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Episodes in SQLite with FTS5 over their summaries and their vectors in a {@link VectorSpace}. */
public final class SqliteEpisodeStore implements dev.tern.memory.vector.Embeddable, EpisodeStore {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "episodes with FTS5",
            "CREATE TABLE episodes (id INTEGER PRIMARY KEY, session TEXT NOT NULL, summary TEXT NOT NULL, started_at INTEGER NOT NULL,"
                    + " ended_at INTEGER NOT NULL, message_count INTEGER NOT NULL, source TEXT NOT NULL, created_at INTEGER NOT NULL)",
            "CREATE INDEX episodes_ended ON episodes (ended_at DESC)",
            "CREATE INDEX episodes_session ON episodes (session, ended_at)",
            KeywordIndex.ddl("episodes_fts")[0], KeywordIndex.ddl("episodes_fts")[1]));

    private static final String COLUMNS = "id, session, summary, started_at, ended_at, message_count, source, created_at";

    private final SqliteDatabase db;
    private final KeywordIndex keywords = new KeywordIndex("episodes_fts");
    private final VectorSpace vectors;

    public SqliteEpisodeStore(SqliteDatabase db, int dimension) {
        this.db = db;
        db.migrate("episodes", MIGRATIONS);
        this.vectors = dimension > 0 ? VectorSpace.open(db, "episodes", dimension) : null;
    }

    @Override
    public List<Episode> addAll(List<EpisodeDraft> drafts) {
        if (drafts.isEmpty()) return List.of();
        return db.write(c -> {
            List<Long> ids = new ArrayList<>();
            List<VectorSpace.Entry> vs = new ArrayList<>();
            Stmt ins = c.prepare("INSERT INTO episodes(session, summary, started_at, ended_at, message_count, source, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
            for (EpisodeDraft d : drafts) {
                long id;
                try (ResultSet rs = ins.bind(d.session(), d.summary(), d.startedAt(), d.endedAt(), d.messageCount(), d.source(),
                        Instant.now()).executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
                keywords.insert(c, id, d.summary(), "");
                if (d.vector() != null) vs.add(new VectorSpace.Entry(id, "", d.vector()));
                ids.add(id);
            }
            if (vectors != null) vectors.put(c, vs);
            return byIds(c.prepare("SELECT " + COLUMNS + " FROM episodes WHERE id IN (SELECT value FROM json_each(?))"), ids);
        });
    }

    @Override
    public List<Episode> get(Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        return db.read(c -> byIds(c.prepare("SELECT " + COLUMNS + " FROM episodes WHERE id IN (SELECT value FROM json_each(?))"), ids));
    }

    @Override
    public List<Episode> recent(int limit) {
        return db.read(c -> list(c.prepare("SELECT " + COLUMNS + " FROM episodes ORDER BY ended_at DESC, id DESC LIMIT ?").bind(limit)));
    }

    @Override
    public List<ScoredId> keyword(String query, int k) {
        if (query == null || k < 1) return List.of();
        return db.read(c -> keywords.search(c, query, "", k));
    }

    @Override
    public List<ScoredId> similar(float[] vector, int k) {
        if (vectors == null || vector == null || k < 1) return List.of();
        List<ScoredId> out = new ArrayList<>();
        for (SearchHit h : vectors.search("", vector, k)) out.add(new ScoredId(h.id(), h.score()));
        return out;
    }

    @Override
    public Map<Long, Double> similarities(float[] vector, Collection<Long> ids) {
        if (vectors == null || vector == null || ids.isEmpty()) return Map.of();
        return vectors.similarities(vector, ids);
    }

    @Override
    public int forget(Collection<Long> ids) {
        if (ids.isEmpty()) return 0;
        return db.write(c -> {
            String json = SqlArrays.ids(ids);
            keywords.delete(c, ids);
            int n = c.prepare("DELETE FROM episodes WHERE id IN (SELECT value FROM json_each(?))").bind(json).executeUpdate();
            if (vectors != null) vectors.delete(c, ids);
            return n;
        });
    }

    @Override
    public void forEach(java.util.function.Consumer<Episode> action) {
        db.read(c -> {
            Rows.each(c.prepare("SELECT " + COLUMNS + " FROM episodes ORDER BY id"), SqliteEpisodeStore::row, action);
            return null;
        });
    }

    @Override
    public long count() {
        return db.read(c -> c.prepare("SELECT COUNT(*) FROM episodes").queryLong(0));
    }

    private static List<Episode> byIds(Stmt s, Collection<Long> ids) throws SQLException {
        return Rows.inOrder(ids, list(s.bind(SqlArrays.ids(ids))), Episode::id);
    }

    private static List<Episode> list(Stmt s) throws SQLException {
        return Rows.list(s, SqliteEpisodeStore::row);
    }

    private static Episode row(ResultSet rs) throws SQLException {
        return new Episode(rs.getLong(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                Instant.ofEpochMilli(rs.getLong(5)), rs.getInt(6), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)));
    }

    @Override
    public List<dev.tern.memory.vector.Embeddable.Pending> missingVectors(int limit) {
        return vectors == null ? List.of() : vectors.missing("episodes", "t.summary", "", "", limit, s -> s);
    }

    @Override
    public void putVectors(List<VectorSpace.Entry> entries) {
        if (vectors != null) vectors.putAll(entries);
    }
}
