package dev.tern.sim;

import java.util.Map;

/**
 * Immutable snapshot of the simulator's counters.
 *
 * @param requests          all HTTP requests
 * @param byEndpoint        requests per endpoint ("POST /v1/chat/completions", ...)
 * @param byStatus          responses per HTTP status
 * @param streams           streamed (SSE) responses started
 * @param inFlight          requests being served right now
 * @param maxInFlight       highest {@code inFlight} seen since start or reset
 * @param faults            faults injected per type ("status", "stall", "reset", "garbage", "slow_headers", "rate_limit")
 * @param inputTokens       uncached input tokens reported
 * @param outputTokens      output tokens reported
 * @param cacheReadTokens   input tokens reported as cache reads
 * @param cacheWriteTokens  input tokens reported as cache writes
 * @param toolCalls         tool calls emitted
 * @param byScenario        chat requests (and batch items) per scenario name
 * @param embeddingInputs   texts embedded by {@code /v1/embeddings} (and embedding batch items)
 * @param embeddingTokens   input tokens of those texts
 * @param batchItems        batch items per outcome ("succeeded", "errored", "expired", "canceled"); their
 *                          tokens are counted in the token counters above like any answer
 */
public record SimStats(long requests, Map<String, Long> byEndpoint, Map<Integer, Long> byStatus, long streams,
                       long inFlight, long maxInFlight, Map<String, Long> faults, long inputTokens,
                       long outputTokens, long cacheReadTokens, long cacheWriteTokens, long toolCalls,
                       Map<String, Long> byScenario, long embeddingInputs, long embeddingTokens,
                       Map<String, Long> batchItems) {

    public SimStats {
        byEndpoint = Map.copyOf(byEndpoint);
        byStatus = Map.copyOf(byStatus);
        faults = Map.copyOf(faults);
        byScenario = Map.copyOf(byScenario);
        batchItems = Map.copyOf(batchItems);
    }

    public long batchItems(String outcome) { return batchItems.getOrDefault(outcome, 0L); }

    public long status(int code) { return byStatus.getOrDefault(code, 0L); }

    public long faults(String type) { return faults.getOrDefault(type, 0L); }

    public long scenario(String name) { return byScenario.getOrDefault(name, 0L); }

    public long endpoint(String key) { return byEndpoint.getOrDefault(key, 0L); }
}
