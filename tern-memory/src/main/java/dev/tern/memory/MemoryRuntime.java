package dev.tern.memory;

import dev.tern.memory.recall.RecallOptions;
import dev.tern.memory.recall.RecallResult;
import dev.tern.memory.runs.AgentMemory;
import dev.tern.memory.runs.RunRecorder;
import dev.tern.memory.tools.ForgetTool;
import dev.tern.memory.tools.RecallMemoryTool;
import dev.tern.memory.tools.RememberTool;
import dev.tern.memory.vector.Embeddings;
import dev.tern.run.AgentListener;
import dev.tern.tokens.TokenCounter;
import dev.tern.tool.Tool;
import dev.tern.workspace.context.TurnContext;
import dev.tern.workspace.memory.ConsolidationSink;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * Memory as the runtime plugs it in, for one workspace: opened on first use (a workspace that has no
 * memory yet costs nothing before its first write), it contributes the recalled-memory and similar-
 * past-tasks blocks to each turn's volatile part ({@link #turnContext()}), takes consolidations
 * ({@link #sink()}), records finished runs ({@link #recorder(String)}) and offers the memory tools.
 */
public final class MemoryRuntime implements AutoCloseable {

    private final Path workspace;
    private final MemoryConfig config;
    private final Supplier<Embeddings> embeddings;
    private final TokenCounter tokens;
    private final Clock clock;
    private volatile WorkspaceMemory memory;
    private volatile Thread opener;
    private boolean closed; // guarded by this
    private final java.util.concurrent.atomic.AtomicInteger turns = new java.util.concurrent.atomic.AtomicInteger();
    /** Finished runs are stored by one writer per workspace, off the turns' threads. */
    private final dev.tern.memory.runs.RunWriter runWriter = new dev.tern.memory.runs.RunWriter(() -> memory().agents());

    /**
     * @param embeddings creates the embedder when memory opens (see {@link Embedders#fromConfig})
     * @param tokens     the main model's token counter (the blocks are bounded with it)
     */
    public MemoryRuntime(Path workspace, MemoryConfig config, Supplier<Embeddings> embeddings, TokenCounter tokens, Clock clock) {
        this.workspace = workspace;
        this.config = config;
        this.embeddings = embeddings;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * The workspace's memory, opened (and created) on first call.
     *
     * @throws IllegalStateException after {@link #close()} (a late caller must not open it again: the
     *                               store would stay open and MEMORY.md be written after the end)
     */
    public WorkspaceMemory memory() {
        WorkspaceMemory m = memory;
        if (m != null) return m;
        synchronized (this) {
            if (closed) throw new IllegalStateException("the workspace's memory is closed");
            if (memory == null) {
                RecallOptions recall = RecallOptions.DEFAULT.withTokenBudget(config.recallTokens()).withHalfLife(config.factHalfLife());
                AgentMemory.Options runs = new AgentMemory.Options(config.pastRunTokens(), AgentMemory.Options.DEFAULT.maxRuns(),
                        AgentMemory.Options.DEFAULT.threshold(), AgentMemory.Options.DEFAULT.keywordOnlyThreshold(),
                        AgentMemory.Options.DEFAULT.summaryTokens());
                memory = WorkspaceMemory.open(workspace, new WorkspaceMemory.Options(embeddings.get(), recall, runs, tokens, clock));
            }
            return memory;
        }
    }

    /**
     * Starts opening the workspace's memory on a virtual thread when it has one, so that loading SQLite
     * and the stored vectors overlaps the rest of start-up instead of delaying the first turn (which
     * then finds it open, or waits only for the rest). Does nothing in a workspace without memory.
     */
    public void openInBackground() {
        if (memory != null || !WorkspaceMemory.exists(workspace)) return;
        opener = Thread.ofVirtual().name("memory-open").start(() -> {
            try {
                WorkspaceMemory m = memory();
                // once the stored text could fill a block past its budget in bytes (an upper bound on tokens), the
                // block is counted exactly: load the tokenizer's ranks (~0.1 s for o200k_base) here, beside
                // the rest of start-up, not in the first turn; a memory that cannot fill a block never needs them
                if (needsExactCounts(m.recallableTextBytes(), config)) tokens.count("warm");
            } catch (RuntimeException e) {
                // the first turn opens it again and reports the failure there, to the user
            }
        });
    }

    /** Whether {@code textBytes} of stored text could exceed the smallest enabled block budget (in tokens, bounded by bytes). */
    static boolean needsExactCounts(long textBytes, MemoryConfig config) {
        int budget = Integer.MAX_VALUE;
        if (config.recallTokens() > 0) budget = config.recallTokens();
        if (config.pastRunTokens() > 0) budget = Math.min(budget, config.pastRunTokens());
        return textBytes > budget;
    }

    /** Waits until the thread {@link #openInBackground()} started is done (at once when none was started). */
    void awaitBackgroundOpen() throws InterruptedException {
        Thread t = opener;
        if (t != null) t.join();
    }

    /** Long-term memory (opens memory). */
    public LongTermMemory longTerm() { return memory().longTerm(); }

    /**
     * The volatile block of a turn: recalled facts, conversations and relations, then the agent's similar
     * past tasks. Nothing (and no file opened) while the workspace has no memory. The query is embedded
     * when the store has vectors to compare with (the model loads once, then stays warm); otherwise
     * keywords and the graph decide, and from a process's second turn on (a chat, not a one-shot run)
     * the model warms up in the background for later turns.
     */
    public TurnContext turnContext() {
        return turn -> {
            if (memory == null && !WorkspaceMemory.exists(workspace)) return "";
            try {
                return block(turn);
            } catch (RuntimeException e) {
                throw new dev.tern.memory.store.StoreException("memory recall failed: " + e.getMessage()
                        + " (\"memory\": {\"enabled\": false} in the config runs without long-term memory)", e);
            }
        };
    }

    private String block(TurnContext.Turn turn) {
        {
            WorkspaceMemory m = memory();
            boolean wait = m.hasVectors();
            StringBuilder b = new StringBuilder();
            if (config.recallTokens() > 0) {
                RecallResult r = m.longTerm().recall(turn.input(), wait);
                b.append(r.block());
            }
            if (config.pastRunTokens() > 0) {
                String runs = m.agents().contextBlock(turn.agent(), turn.input(), wait);
                if (!runs.isEmpty()) b.append(b.isEmpty() ? "" : "\n\n").append(runs);
            }
            if (m.embeddings().enabled()) {
                if (m.embeddings().ready()) m.backfillInBackground();
                else if (turns.incrementAndGet() > 1) m.embeddings().warmUp();  // a chat, not a one-shot run: worth loading
            }
            return b.toString();
        }
    }

    /**
     * A run of an agent defined in a file (orchestration), prepared the way a chat turn is: the agent's
     * similar past tasks appended to the volatile block, and its finish recorded. One line for whoever
     * starts such runs: {@code agent.run(memory.forAgent(name, request))}.
     */
    public dev.tern.agent.RunRequest forAgent(String agent, dev.tern.agent.RunRequest request) {
        java.util.List<AgentListener> listeners = new java.util.ArrayList<>(request.listeners());
        listeners.add(recorder(request.sessionId()));
        dev.tern.agent.RunRequest out = request.withListeners(listeners);
        if (config.pastRunTokens() == 0 || (memory == null && !WorkspaceMemory.exists(workspace))) return out;
        WorkspaceMemory m = memory();
        String block = m.agents().contextBlock(agent, request.input(), m.hasVectors());
        if (block.isEmpty()) return out;
        String base = request.runtimeBlock();
        return out.withRuntimeBlock(base == null || base.isBlank() ? block : base + "\n\n" + block);
    }

    /** Where consolidation puts episodes, facts and relations (opens memory when the first one arrives). */
    public ConsolidationSink sink() {
        return new ConsolidationSink() {
            @Override
            public String memoryContext(String conversation) { return longTerm().memoryContext(conversation); }

            @Override
            public boolean accept(Consolidation c) { return longTerm().accept(c); }
        };
    }

    /** Records every finished run of the agents it listens to. */
    public AgentListener recorder(String session) {
        return new RunRecorder(runWriter, session, clock);
    }

    /**
     * Waits until the finished runs handed to the writer so far are stored (a chat's next turn does not:
     * its recall sees them once they are).
     *
     * @return false when that took longer than {@code timeoutMillis}
     */
    public boolean flushRuns(long timeoutMillis) { return runWriter.flush(timeoutMillis); }

    /** The writer of finished runs (counts of recorded and failed ones). */
    public dev.tern.memory.runs.RunWriter runWriter() { return runWriter; }

    /** {@code recall_memory}, {@code remember}, {@code forget}. */
    public List<Tool> tools() {
        Supplier<LongTermMemory> lt = this::longTerm;
        return List.of(new RecallMemoryTool(lt), new RememberTool(lt, clock), new ForgetTool(lt));
    }

    @Override
    public void close() {
        runWriter.close();   // the last runs are stored before the database closes
        Thread t = opener;   // an open still under way finishes first, so that what it opens is closed below
        boolean interrupted = false;
        while (t != null && t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        synchronized (this) {
            closed = true;
        }
        closeMemory();
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Whether the memory is open now (tests). */
    boolean isOpen() { return memory != null; }

    private synchronized void closeMemory() {
        WorkspaceMemory m = memory;
        memory = null;
        if (m != null) {
            try {
                m.close();
            } finally {
                m.embeddings().close();
            }
        }
    }
}
