package dev.tern.memory.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A finished run to store; see {@link RunRecord} for the fields. {@code vector} is the task's
 * embedding, or null without an embedder.
 */
public record RunDraft(String agent, String task, String summary, boolean success, String outcome, long inputTokens,
                       long outputTokens, double costUsd, Duration duration, String model, String session, Instant finishedAt,
                       float[] vector) {

    public RunDraft {
        if (agent == null || agent.isBlank()) throw new IllegalArgumentException("a run needs an agent");
        if (task == null || task.isBlank()) throw new IllegalArgumentException("a run needs a task");
        summary = summary == null ? "" : summary;
        outcome = outcome == null ? (success ? "COMPLETED" : "FAILED") : outcome;
        duration = duration == null ? Duration.ZERO : duration;
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    public RunDraft withVector(float[] v) {
        return new RunDraft(agent, task, summary, success, outcome, inputTokens, outputTokens, costUsd, duration, model, session,
                finishedAt, v);
    }
}
