package dev.tern.memory;

import dev.tern.memory.episodes.SqliteEpisodeStore;
import dev.tern.memory.facts.SqliteFactStore;
import dev.tern.memory.graph.SqliteGraphStore;
import dev.tern.memory.recall.LineTokens;
import dev.tern.memory.recall.Recall;
import dev.tern.memory.recall.RecallOptions;
import dev.tern.memory.runs.AgentMemory;
import dev.tern.memory.runs.SqliteRunStore;
import dev.tern.memory.store.Meta;
import dev.tern.memory.store.SqliteDatabase;
import dev.tern.memory.vector.Backfill;
import dev.tern.memory.vector.Embeddings;
import dev.tern.memory.vector.VectorSpace;
import dev.tern.memory.view.MemoryView;
import dev.tern.tokens.TokenCounter;
import dev.tern.workspace.memory.MemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * The memory of one workspace, opened once per process: {@code memory/memory.db} (one SQLite file,
 * every store in it), the embedder, long-term memory (facts, episodes, graph, recall, MEMORY.md) and
 * agent memory (past runs). Items stored while no embedder was available get their vectors in the
 * background (see {@link Backfill}).
 */
public final class WorkspaceMemory implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkspaceMemory.class.getName());

    /**
     * How to open it.
     *
     * @param embeddings the embedder (or {@link Embeddings#none()})
     * @param recall     long-term recall budget and thresholds
     * @param agents     similar-task recall budget and thresholds
     * @param tokens     counts tokens for the blocks (the main model's tokenizer)
     * @param clock      timestamps
     */
    public record Options(Embeddings embeddings, RecallOptions recall, AgentMemory.Options agents, TokenCounter tokens, Clock clock) { }

    private final Path workspace;
    private final SqliteDatabase db;
    private final Embeddings embeddings;
    private final SqliteFactStore facts;
    private final SqliteEpisodeStore episodes;
    private final SqliteGraphStore graph;
    private final SqliteRunStore runs;
    private final LongTermMemory longTerm;
    private final AgentMemory agents;
    private volatile Thread backfill;

    private WorkspaceMemory(Path workspace, SqliteDatabase db, Options o) {
        this.workspace = workspace;
        this.db = db;
        this.embeddings = o.embeddings();
        Meta meta = new Meta(db);
        resetVectorsIfTheModelChanged(meta);
        int dim = embeddings.dimension();
        this.facts = new SqliteFactStore(db, dim);
        this.episodes = new SqliteEpisodeStore(db, dim);
        this.graph = new SqliteGraphStore(db);
        this.runs = new SqliteRunStore(db, dim);
        // one memo of counts and cuts for both blocks: their lines come back turn after turn
        LineTokens tokens = LineTokens.of(o.tokens());
        Recall recall = new Recall(facts, episodes, graph, embeddings, tokens, o.clock());
        MemoryView view = new MemoryView(new MemoryStore(workspace), facts, meta);
        this.longTerm = new LongTermMemory(facts, episodes, graph, embeddings, recall, o.recall(), view, o.clock(), this::atomically);
        this.agents = new AgentMemory(runs, embeddings, tokens, o.clock(), o.agents());
    }

    /** The database file of a workspace. */
    public static Path databaseFile(Path workspace) {
        return workspace.resolve("memory").resolve("memory.db");
    }

    /** Whether a workspace has a memory database yet (nothing to recall when it has none). */
    public static boolean exists(Path workspace) {
        return Files.exists(databaseFile(workspace));
    }

    /**
     * Opens (creating when missing) the memory of a workspace and imports a MEMORY.md Tern did not
     * write (nanobot's) as facts.
     *
     * @throws dev.tern.memory.store.StoreException with a one-line reason
     */
    public static WorkspaceMemory open(Path workspace, Options o) {
        SqliteDatabase db = SqliteDatabase.open(databaseFile(workspace));
        try {
            WorkspaceMemory m = new WorkspaceMemory(workspace.toAbsolutePath().normalize(), db, o);
            m.longTerm.syncViewIfChanged();
            return m;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public Path workspace() { return workspace; }

    public SqliteDatabase database() { return db; }

    public Embeddings embeddings() { return embeddings; }

    public LongTermMemory longTerm() { return longTerm; }

    public AgentMemory agents() { return agents; }

    /**
     * UTF-8 bytes of the text that recall and similar-task blocks are made of (current facts, episode summaries, the
     * tasks and summaries of runs), over at most {@value #SAMPLED_ROWS} rows of each kind: enough to compare with a
     * block's token budget (while the text is under it, no block needs exact counting) without scanning a large store.
     */
    public long recallableTextBytes() {
        return db.read(c -> c.prepare("SELECT " + sampled("CAST(text AS BLOB)", "facts WHERE valid_to IS NULL") + " + "
                + sampled("CAST(summary AS BLOB)", "episodes") + " + " + sampled("CAST(task || summary AS BLOB)", "runs")).queryLong(0));
    }

    static final int SAMPLED_ROWS = 100;

    private static String sampled(String blob, String from) {
        return "(SELECT coalesce(sum(n), 0) FROM (SELECT length(" + blob + ") AS n FROM " + from + " LIMIT " + SAMPLED_ROWS + "))";
    }

    /** Whether stored items have vectors to search (then recall is worth waiting for the model). */
    public boolean hasVectors() {
        return sizeOf(facts.vectors()) + sizeOf(runs.vectors()) > 0;
    }

    /**
     * Gives a vector to every item stored without one, on a background virtual thread (once the
     * embedder is warm; a no-op without one).
     */
    public void backfillInBackground() {
        if (!embeddings.enabled() || backfill != null) return;
        synchronized (this) {
            if (backfill != null) return;
            backfill = Thread.ofVirtual().name("memory-backfill").start(() -> {
                try {
                    int n = Backfill.run(facts, embeddings) + Backfill.run(episodes, embeddings) + Backfill.run(runs, embeddings);
                    if (n > 0) LOG.fine("memory: embedded " + n + " items stored without a vector");
                } catch (RuntimeException e) {
                    LOG.warning("memory: cannot embed stored items now (" + e.getMessage() + "); they are found by keywords meanwhile");
                }
            });
        }
    }

    /** Waits for a running backfill (tests, benchmarks). */
    public void awaitBackfill() throws InterruptedException {
        Thread t = backfill;
        if (t != null) t.join();
    }

    private <T> T atomically(java.util.function.Supplier<T> work) {
        return db.write(c -> work.get());
    }

    private static int sizeOf(VectorSpace s) {
        return s == null ? 0 : s.size();
    }

    /** Vectors of another model are not comparable: drop them (the texts stay) and let the backfill redo them. */
    private void resetVectorsIfTheModelChanged(Meta meta) {
        String model = embeddings.modelId() + "@" + embeddings.dimension();
        String stored = meta.get("vectors.model").orElse(null);
        if (model.equals(stored)) return;
        if (stored != null && embeddings.enabled()) {
            db.migrate("vectors", VectorSpace.MIGRATIONS);
            db.write(c -> {
                c.execute("DELETE FROM vectors");
                c.execute("DELETE FROM vector_log");
                return null;
            });
            LOG.info("memory: the embedding model changed from " + stored + " to " + model + "; vectors are recomputed");
        }
        if (embeddings.enabled()) meta.put("vectors.model", model);
    }

    @Override
    public void close() {
        Thread t = backfill;
        if (t != null) t.interrupt();
        try {
            longTerm.flushView();
        } finally {
            db.close();
        }
    }
}
