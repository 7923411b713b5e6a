package dev.tern.sim.engine;

import java.time.InstantSource;

/** Fixed one-minute windows of requests and tokens; thread-safe. */
public final class RateLimiter {

    /**
     * Outcome of one request against the limits.
     *
     * @param allowed           whether the request may proceed
     * @param requestsLimit     requests per minute (&lt;= 0 = unlimited)
     * @param requestsRemaining requests left in the window
     * @param tokensLimit       tokens per minute (&lt;= 0 = unlimited)
     * @param tokensRemaining   tokens left in the window
     * @param resetMs           milliseconds until the window resets
     * @param resetAtMs         epoch milliseconds of the reset
     * @param exceeded          "requests" or "tokens" when refused, else null
     */
    public record Decision(boolean allowed, long requestsLimit, long requestsRemaining, long tokensLimit,
                           long tokensRemaining, long resetMs, long resetAtMs, String exceeded) { }

    private static final long WINDOW_MS = 60_000;

    private final long requestsPerMinute;
    private final long tokensPerMinute;
    private final InstantSource clock;
    private long windowStart = Long.MIN_VALUE;
    private long requests;
    private long tokens;

    public RateLimiter(long requestsPerMinute, long tokensPerMinute, InstantSource clock) {
        this.requestsPerMinute = requestsPerMinute;
        this.tokensPerMinute = tokensPerMinute;
        this.clock = clock;
    }

    /** Counts a request of {@code cost} tokens if it fits in the current window. */
    public synchronized Decision acquire(long cost) {
        long now = clock.millis();
        if (windowStart == Long.MIN_VALUE || now - windowStart >= WINDOW_MS) {
            windowStart = now;
            requests = 0;
            tokens = 0;
        }
        String exceeded = null;
        if (requestsPerMinute > 0 && requests >= requestsPerMinute) exceeded = "requests";
        else if (tokensPerMinute > 0 && tokens > 0 && tokens + cost > tokensPerMinute) exceeded = "tokens";
        if (exceeded == null) {
            requests++;
            tokens += cost;
        }
        long resetAt = windowStart + WINDOW_MS;
        return new Decision(exceeded == null, requestsPerMinute, remaining(requestsPerMinute, requests),
                tokensPerMinute, remaining(tokensPerMinute, tokens), Math.max(0, resetAt - now), resetAt, exceeded);
    }

    public synchronized void reset() {
        windowStart = Long.MIN_VALUE;
    }

    private static long remaining(long limit, long used) {
        return limit <= 0 ? Long.MAX_VALUE : Math.max(0, limit - used);
    }
}
