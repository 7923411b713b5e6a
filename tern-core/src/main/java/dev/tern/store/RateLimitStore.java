package dev.tern.store;

import java.time.Instant;

/**
 * What a provider told us about its rate limits (the {@code x-ratelimit-*} /
 * {@code anthropic-ratelimit-*} headers and Retry-After), shared by every caller of that provider and
 * key — in one process, or, with a server implementation, across gateway nodes — so a 429 storm is
 * waited out once instead of rediscovered by every request. Keys name a provider account (vendor,
 * base URL and a hash of the API key), never the key itself. Thread-safe.
 */
public interface RateLimitStore {

    /**
     * The last known state of one provider account.
     *
     * @param remainingRequests requests left in the current window, or -1 when unknown
     * @param requestsReset     when the request window resets, or null
     * @param remainingTokens   tokens left in the current window, or -1 when unknown
     * @param tokensReset       when the token window resets, or null
     * @param blockedUntil      no request may be sent before this (a Retry-After), or null
     * @param observedAt        when the headers were read
     */
    record State(long remainingRequests, Instant requestsReset, long remainingTokens, Instant tokensReset,
                 Instant blockedUntil, Instant observedAt) {

        public static final State UNKNOWN = new State(-1, null, -1, null, null, Instant.EPOCH);
    }

    /** The state of {@code account}, or {@link State#UNKNOWN}. */
    State get(String account);

    /** Records what a response said; an older observation never replaces a newer one. */
    void observe(String account, State state);

    /**
     * Takes one request of {@code tokens} estimated tokens from the account's budget: the wait before
     * it may be sent ({@code Duration.ZERO} when it may go now). Unknown budgets never make anyone wait.
     */
    java.time.Duration reserve(String account, long tokens, Instant now);
}
