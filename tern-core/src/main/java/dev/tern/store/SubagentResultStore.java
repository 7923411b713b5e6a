package dev.tern.store;

import dev.tern.run.RunResult;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where finished background sub-agents leave their results until the conversation that spawned them
 * takes its next turn. Keyed by the parent's session, so two conversations of one workspace (two
 * users of a gateway) never receive each other's results. Thread-safe.
 */
public interface SubagentResultStore {

    /**
     * One finished sub-agent.
     *
     * @param id            the sub-agent id returned by {@code spawn}
     * @param parentSession the session of the conversation that spawned it ("" when there was none)
     * @param task          the task it was given
     * @param runId         its run id (the one its events carry)
     * @param text          its final answer ("" when it stopped early)
     * @param outcome       how its run ended
     * @param reason        one line for a non-completed outcome, else null
     * @param wall          how long it ran
     */
    record Result(String id, String parentSession, String task, String runId, String text, RunResult.Outcome outcome,
                  String reason, Duration wall) {
        public Result {
            Objects.requireNonNull(id, "id");
            parentSession = parentSession == null ? "" : parentSession;
            text = text == null ? "" : text;
            Objects.requireNonNull(outcome, "outcome");
            wall = wall == null ? Duration.ZERO : wall;
        }
    }

    /**
     * Keeps a result for its parent session.
     *
     * @throws StoreException when it cannot be kept
     */
    void deliver(Result result);

    /** Takes the waiting results of one session, oldest first (they are gone from the store after). */
    List<Result> drain(String parentSession);

    /** Results waiting for one session. */
    int pending(String parentSession);
}
