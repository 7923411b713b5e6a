package dev.tern.workspace.spawn;

import dev.tern.run.RunResult;
import dev.tern.model.UserMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where finished sub-agents leave their results for the parent conversation. The chat loop drains
 * it before each turn ({@link #drainAsMessage()}) and can subscribe ({@link #onDelivery}) to start a
 * turn when a result arrives while the user is idle. Thread-safe.
 */
public final class SubagentResults {

    /**
     * One finished sub-agent.
     *
     * @param id      the sub-agent id returned by {@code spawn}
     * @param task    the task it was given
     * @param runId   its run id (the one its events carry)
     * @param text    its final answer ("" when it stopped early)
     * @param outcome how its run ended
     * @param reason  one line for a non-completed outcome, else null
     * @param wall    how long it ran
     */
    public record Result(String id, String task, String runId, String text, RunResult.Outcome outcome, String reason,
                         Duration wall) { }

    private final ConcurrentLinkedQueue<Result> queue = new ConcurrentLinkedQueue<>();
    private final List<Consumer<Result>> listeners = new CopyOnWriteArrayList<>();
    private final Object idle = new Object();
    private int running;

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

    void deliver(Result r) {
        queue.add(r);
        // listeners first, then "not running": whoever waits in awaitIdle() sees every delivery done
        for (Consumer<Result> l : listeners) {
            try {
                l.accept(r);
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(SubagentResults.class.getName()).warning("delivery listener failed: " + e);
            }
        }
        synchronized (idle) {
            running--;
            idle.notifyAll();
        }
    }

    /** Sub-agents started and not finished yet. */
    public int running() {
        synchronized (idle) { return running; }
    }

    /** Results waiting to be drained. */
    public int pending() { return queue.size(); }

    /** Takes every waiting result, oldest first. */
    public List<Result> drain() {
        List<Result> out = new ArrayList<>();
        for (Result r; (r = queue.poll()) != null; ) out.add(r);
        return out;
    }

    /** Takes every waiting result as one note for the next turn, or empty when there is none. */
    public Optional<UserMessage> drainAsMessage() {
        List<Result> rs = drain();
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
