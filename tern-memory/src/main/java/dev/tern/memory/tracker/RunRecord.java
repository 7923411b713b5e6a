package dev.tern.memory.tracker;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One finished run (a main agent's or a sub-agent's), as the tracker saw it. The line keeps the
 * fields {@code .tern/metrics/runs.jsonl} always had.
 *
 * @param outcome   completed, max_iterations, timeout, budget_exceeded, failed, cancelled
 * @param reason    why it did not complete, or null
 * @param cacheHits model calls of the run answered by the response cache
 */
public record RunRecord(Instant at, String run, String agent, String session, String model, String outcome, String reason,
                        int modelCalls, int toolCalls, long wallMs, long inputTokens, long outputTokens, long cacheReadTokens,
                        long cacheWriteTokens, double costUsd, int cacheHits) {

    public boolean completed() { return "completed".equals(outcome); }

    String toJsonLine() {
        return new JsonLine().put("ts", at.toString()).put("run", run).put("agent", agent).put("session", session)
                .put("model", model).put("outcome", outcome).put("reason", reason).put("modelCalls", modelCalls)
                .put("toolCalls", toolCalls).put("wallMs", wallMs).put("inputTokens", inputTokens)
                .put("outputTokens", outputTokens).put("cacheReadTokens", cacheReadTokens)
                .put("cacheWriteTokens", cacheWriteTokens).money("costUsd", costUsd).put("cacheHits", cacheHits).end();
    }

    static RunRecord fromJson(JsonNode n) {
        return new RunRecord(Instant.parse(JsonLine.text(n, "ts")), JsonLine.text(n, "run"), JsonLine.text(n, "agent"),
                JsonLine.text(n, "session"), JsonLine.text(n, "model"), JsonLine.text(n, "outcome"), JsonLine.text(n, "reason"),
                (int) JsonLine.number(n, "modelCalls"), (int) JsonLine.number(n, "toolCalls"), JsonLine.number(n, "wallMs"),
                JsonLine.number(n, "inputTokens"), JsonLine.number(n, "outputTokens"), JsonLine.number(n, "cacheReadTokens"),
                JsonLine.number(n, "cacheWriteTokens"), JsonLine.decimal(n, "costUsd"), (int) JsonLine.number(n, "cacheHits"));
    }
}
