package dev.tern.workspace.spawn;

import dev.tern.model.UserMessage;
import dev.tern.run.RunResult;
import dev.tern.store.MemorySubagentResultStore;
import dev.tern.store.SubagentResultStore;
import dev.tern.store.SubagentResultStore.Result;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where finished sub-agents leave their results for the conversation that spawned them, through a
 * {@link SubagentResultStore} keyed by the parent's session (two conversations of one workspace never
 * see each other's results). The chat drains its session's results before each turn
 * ({@link #drainAsMessage(String)}) and can subscribe ({@link #onDelivery}) to start a turn when a
 * result arrives while the user is idle. Counts running sub-agents for the spawn limit. Thread-safe.
 */
public final class SubagentResults {

    private final SubagentResultStore store;
    private final List<Consumer<Result>> listeners = new CopyOnWriteArrayList<>();
    private final Object idle = new Object();
    private int running;

    /** Results kept in memory. */
    public SubagentResults() { this(new MemorySubagentResultStore()); }

    public SubagentResults(SubagentResultStore store) { this.store = store; }

    /** Called with every result as it is delivered (on the sub-agent's thread): be quick. */
    public void onDelivery(Consumer<Result> listener) { listeners.add(listener); }

    void started() {
        synchronized (idle) { running++; }
    }

    /** Counts a new sub-agent unless {@code max} are already running. */
    boolean tryStart(int max) {
        synchronized (idle) {
            if (running >= max) return false;
            running++;
            return true;
        }
    }

    /** Keeps a finished sub-agent's result for its parent session; counts it as no longer running. */
    public void deliver(Result r) {
        try {
            store.deliver(r);
            // listeners first, then "not running": whoever waits in awaitIdle() sees every delivery done
            for (Consumer<Result> l : listeners) {
                try {
                    l.accept(r);
                } catch (RuntimeException e) {
                    java.util.logging.Logger.getLogger(SubagentResults.class.getName()).warning("delivery listener failed: " + e);
                }
            }
        } finally {
            synchronized (idle) {
                running = Math.max(0, running - 1);
                idle.notifyAll();
            }
        }
    }

    /** Sub-agents started and not finished yet. */
    public int running() {
        synchronized (idle) { return running; }
    }

    /** Results waiting for a session. */
    public int pending(String parentSession) { return store.pending(parentSession); }

    /** Takes every waiting result of a session, oldest first. */
    public List<Result> drain(String parentSession) { return store.drain(parentSession); }

    /** Takes every waiting result of a session as one note for its next turn, or empty when there is none. */
    public Optional<UserMessage> drainAsMessage(String parentSession) {
        List<Result> rs = drain(parentSession);
        if (rs.isEmpty()) return Optional.empty();
        StringBuilder b = new StringBuilder("[Sub-agent results]");
        for (Result r : rs) b.append("\n\n").append(note(r));
        return Optional.of(new UserMessage(b.toString()));
    }

    /** Waits until no sub-agent is running; true if that happened within {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                idle.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** How one result reads to the parent agent. */
    public static String note(Result r) {
        String status = r.outcome() == RunResult.Outcome.COMPLETED ? "completed"
                : r.outcome().name().toLowerCase() + (r.reason() == null ? "" : ": " + r.reason());
        return "## Sub-agent " + r.id() + " (" + status + ", " + r.wall().toMillis() / 100 / 10.0 + " s)\nTask: " + r.task()
                + "\n\nResult:\n" + (r.text().isBlank() ? "(no answer)" : r.text().strip());
    }
}
