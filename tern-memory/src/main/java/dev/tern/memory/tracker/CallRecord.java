package dev.tern.memory.tracker;

import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * One model call, as the tracker saw it at the gateway.
 *
 * @param at                when it finished
 * @param run               the run, or null outside runs
 * @param agent             the agent
 * @param session           the session, or null
 * @param model             the model that answered (the requested one when it failed)
 * @param source            where the answer came from
 * @param ok                false when the call failed
 * @param error             the failure's kind (RATE_LIMITED, BUDGET ...), or null
 * @param latencyMicros     wall time of the call through the rest of the gateway
 * @param costUsd           money billed (0 for cache answers)
 * @param savedUsd          money a cache answer saved (what the original call cost)
 * @param toolCalls         tool calls in the answer
 */
public record CallRecord(Instant at, String run, String agent, String session, String model, Source source, boolean ok,
                         String error, long latencyMicros, long inputTokens, long outputTokens, long cacheReadTokens,
                         long cacheWriteTokens, double costUsd, double savedUsd, int toolCalls) {

    /** Where an answer came from. */
    public enum Source {
        /** The provider, called now. */
        PROVIDER,
        /** The provider's batch API (at the batch discount). */
        BATCH,
        /** The response cache. */
        CACHE,
        /** An identical call in flight at the same time. */
        COALESCED;

        public String id() { return name().toLowerCase(Locale.ROOT); }

        /** Whether the answer came without a provider call. */
        public boolean reused() { return this == CACHE || this == COALESCED; }

        static Source parse(String s) {
            try {
                return s == null ? PROVIDER : valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return PROVIDER;
            }
        }
    }

    String toJsonLine() {
        return new JsonLine().put("ts", at.toString()).put("kind", "call").put("run", run).put("agent", agent)
                .put("session", session).put("model", model).put("source", source.id()).put("ok", ok).put("error", error)
                .put("latencyUs", latencyMicros).put("inputTokens", inputTokens).put("outputTokens", outputTokens)
                .put("cacheReadTokens", cacheReadTokens).put("cacheWriteTokens", cacheWriteTokens).money("costUsd", costUsd)
                .money("savedUsd", savedUsd).put("toolCalls", toolCalls).end();
    }

    /** @throws RuntimeException when the node lacks a valid {@code ts} */
    static CallRecord fromJson(JsonNode n) {
        JsonNode ok = n.get("ok");
        return new CallRecord(Instant.parse(JsonLine.text(n, "ts")), JsonLine.text(n, "run"), JsonLine.text(n, "agent"),
                JsonLine.text(n, "session"), JsonLine.text(n, "model"), Source.parse(JsonLine.text(n, "source")),
                ok == null || ok.asBoolean(), JsonLine.text(n, "error"), JsonLine.number(n, "latencyUs"),
                JsonLine.number(n, "inputTokens"), JsonLine.number(n, "outputTokens"), JsonLine.number(n, "cacheReadTokens"),
                JsonLine.number(n, "cacheWriteTokens"), JsonLine.decimal(n, "costUsd"), JsonLine.decimal(n, "savedUsd"),
                (int) JsonLine.number(n, "toolCalls"));
    }
}
