package dev.tern.memory.runs;

import dev.tern.embed.index.SearchHit;
import dev.tern.json.Json;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;

/**
 * Agent memory in SQLite (seed 003's {@code agent_memory.py}, without its connection per operation
 * and its character-cut context): indices on agent + time, task hash and time; FTS5 over tasks with
 * the agent as an indexed tag so a search never leaves the agent's runs; task vectors grouped by agent.
 */
public final class SqliteRunStore implements dev.tern.memory.vector.Embeddable, RunStore {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "runs, indices on agent/time, task hash, time; FTS5 over tasks",
            "CREATE TABLE runs (id INTEGER PRIMARY KEY, agent TEXT NOT NULL, task TEXT NOT NULL, task_hash TEXT NOT NULL,"
                    + " summary TEXT NOT NULL, success INTEGER NOT NULL, outcome TEXT NOT NULL, input_tokens INTEGER NOT NULL,"
                    + " output_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL, duration_ms INTEGER NOT NULL, model TEXT, session TEXT,"
                    + " finished_at INTEGER NOT NULL)",
            "CREATE INDEX runs_agent_time ON runs (agent, finished_at DESC)",
            "CREATE INDEX runs_task_hash ON runs (task_hash, agent, finished_at DESC)",
            "CREATE INDEX runs_time ON runs (finished_at)",
            KeywordIndex.ddl("runs_fts")[0], KeywordIndex.ddl("runs_fts")[1]));

    private static final String COLUMNS = "id, agent, task, task_hash, summary, success, outcome, input_tokens, output_tokens,"
            + " cost_usd, duration_ms, model, session, finished_at";
    private static final String INSERTED = COLUMNS.substring("id, ".length());

    private final SqliteDatabase db;
    private final KeywordIndex keywords = new KeywordIndex("runs_fts");
    private final VectorSpace vectors;

    public SqliteRunStore(SqliteDatabase db, int dimension) {
        this.db = db;
        db.migrate("runs", MIGRATIONS);
        this.vectors = dimension > 0 ? VectorSpace.open(db, "runs", dimension) : null;
    }

    /** The task vectors (null without an embedder). */
    public VectorSpace vectors() { return vectors; }

    /**
     * The prefix of an agent's words in the keyword index: every task word is indexed as
     * {@code <prefix><stem>}, so each agent has its own vocabulary (and document frequencies) in one table
     * and a search never reads another agent's rows.
     */
    static String agentPrefix(String agent) {
        return "a" + Texts.contentHash("agent " + agent).substring(0, 8) + "x";
    }

    /**
     * One statement for the whole batch, rows bound as one JSON array ({@code json_each}), and one for their
     * keyword rows: a statement per run (13 parameters bound one JNI call each, a result set for its id, then
     * the FTS row) was most of the run writer's CPU, itself 10-15 % of a busy gateway's.
     */
    @Override
    public List<RunRecord> addAll(List<RunDraft> drafts) {
        if (drafts.isEmpty()) return List.of();
        ArrayNode rows = Json.MAPPER.createArrayNode();
        List<String> hashes = new ArrayList<>(drafts.size());
        for (RunDraft d : drafts) {
            hashes.add(Texts.contentHash(d.task()));
            rows.addArray().add(d.agent()).add(d.task()).add(hashes.getLast()).add(d.summary()).add(d.success() ? 1 : 0)
                    .add(d.outcome()).add(d.inputTokens()).add(d.outputTokens()).add(d.costUsd()).add(d.duration().toMillis())
                    .add(d.model()).add(d.session()).add(d.finishedAt().toEpochMilli());
        }
        return db.write(c -> {
            List<Long> ids = new ArrayList<>(drafts.size());
            // rowids of an INTEGER PRIMARY KEY grow with each insert and the rows go in in the array's order, so the
            // returned ids sorted are the drafts' ids in order (RETURNING itself promises no order)
            try (ResultSet rs = c.prepare("INSERT INTO runs(" + INSERTED + ") SELECT value->>0, value->>1, value->>2, value->>3,"
                    + " value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10, value->>11, value->>12"
                    + " FROM json_each(?) ORDER BY key RETURNING id").bind(Json.write(rows)).executeQuery()) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
            if (ids.size() != drafts.size()) throw new SQLException("inserted " + ids.size() + " runs of " + drafts.size());
            java.util.Collections.sort(ids);
            List<String> texts = new ArrayList<>(drafts.size()), prefixes = new ArrayList<>(drafts.size());
            List<VectorSpace.Entry> vs = new ArrayList<>();
            for (int i = 0; i < drafts.size(); i++) {
                RunDraft d = drafts.get(i);
                texts.add(d.task());
                prefixes.add(agentPrefix(d.agent()));
                if (d.vector() != null) vs.add(new VectorSpace.Entry(ids.get(i), d.agent(), d.vector()));
            }
            keywords.insertAll(c, ids, texts, prefixes);
            if (vectors != null) vectors.put(c, vs);
            // the records as stored (times at millisecond precision), without reading them back
            List<RunRecord> out = new ArrayList<>(drafts.size());
            for (int i = 0; i < drafts.size(); i++) {
                RunDraft d = drafts.get(i);
                out.add(new RunRecord(ids.get(i), d.agent(), d.task(), hashes.get(i), d.summary(), d.success(), d.outcome(),
                        d.inputTokens(), d.outputTokens(), d.costUsd(), Duration.ofMillis(d.duration().toMillis()), d.model(),
                        d.session(), Instant.ofEpochMilli(d.finishedAt().toEpochMilli())));
            }
            return out;
        });
    }

    @Override
    public List<RunRecord> get(Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        return db.read(c -> byIds(c, ids));
    }

    @Override
    public List<ScoredId> keyword(String agent, String task, int k) {
        if (task == null || k < 1) return List.of();
        return db.read(c -> keywords.search(c, task, agentPrefix(agent), k));
    }

    @Override
    public List<ScoredId> similar(String agent, float[] vector, int k) {
        if (vectors == null || vector == null || k < 1) return List.of();
        List<ScoredId> out = new ArrayList<>();
        for (SearchHit h : vectors.search(agent, vector, k)) out.add(new ScoredId(h.id(), h.score()));
        return out;
    }

    @Override
    public List<RunRecord> sameTask(String agent, String task, int limit) {
        return db.read(c -> list(c.prepare("SELECT " + COLUMNS + " FROM runs INDEXED BY runs_task_hash WHERE task_hash = ? AND agent = ?"
                + " ORDER BY finished_at DESC LIMIT ?").bind(Texts.contentHash(task), agent, limit)));
    }

    @Override
    public List<RunRecord> recent(String agent, int limit) {
        return db.read(c -> agent == null
                ? list(c.prepare("SELECT " + COLUMNS + " FROM runs ORDER BY finished_at DESC, id DESC LIMIT ?").bind(limit))
                : list(c.prepare("SELECT " + COLUMNS + " FROM runs WHERE agent = ? ORDER BY finished_at DESC, id DESC LIMIT ?")
                        .bind(agent, limit)));
    }

    @Override
    public int pruneOlderThan(Instant cutoff) {
        return db.write(c -> delete(c, c.prepare("DELETE FROM runs WHERE finished_at < ? RETURNING id").bind(cutoff)));
    }

    @Override
    public int pruneKeepingNewest(int keep) {
        if (keep < 0) throw new IllegalArgumentException("keep must be >= 0");
        return db.write(c -> delete(c, c.prepare("DELETE FROM runs WHERE id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER"
                + " (PARTITION BY agent ORDER BY finished_at DESC, id DESC) AS n FROM runs) WHERE n > ?) RETURNING id").bind(keep)));
    }

    /** Runs a {@code DELETE ... RETURNING id} and removes the same runs from FTS and the vectors, in the same transaction. */
    private int delete(Conn c, Stmt delete) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = delete.executeQuery()) {
            while (rs.next()) ids.add(rs.getLong(1));
        }
        if (ids.isEmpty()) return 0;
        keywords.delete(c, ids);
        if (vectors != null) vectors.delete(c, ids);
        return ids.size();
    }

    @Override
    public Map<String, Long> countByAgent() {
        return db.read(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (ResultSet rs = c.prepare("SELECT agent, COUNT(*) FROM runs GROUP BY agent ORDER BY agent").executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        });
    }

    @Override
    public void forEach(java.util.function.Consumer<RunRecord> action) {
        db.read(c -> {
            Rows.each(c.prepare("SELECT " + COLUMNS + " FROM runs ORDER BY id"), SqliteRunStore::row, action);
            return null;
        });
    }

    @Override
    public long count() {
        return db.read(c -> c.prepare("SELECT COUNT(*) FROM runs").queryLong(0));
    }

    private static List<RunRecord> byIds(Conn c, Collection<Long> ids) throws SQLException {
        return Rows.inOrder(ids, list(c.prepare("SELECT " + COLUMNS + " FROM runs WHERE id IN (SELECT value FROM json_each(?))")
                .bind(SqlArrays.ids(ids))), RunRecord::id);
    }

    private static List<RunRecord> list(Stmt s) throws SQLException {
        return Rows.list(s, SqliteRunStore::row);
    }

    private static RunRecord row(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6) != 0, rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getDouble(10),
                Duration.ofMillis(rs.getLong(11)), rs.getString(12), rs.getString(13), Instant.ofEpochMilli(rs.getLong(14)));
    }

    @Override
    public List<dev.tern.memory.vector.Embeddable.Pending> missingVectors(int limit) {
        return vectors == null ? List.of() : vectors.missing("runs", "t.task", "t.agent", "", limit, s -> s);
    }

    @Override
    public void putVectors(List<VectorSpace.Entry> entries) {
        if (vectors != null) vectors.putAll(entries);
    }
}
