package dev.tern.provider.http;

import dev.tern.model.ModelException;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: retry {@code n} waits a random time in
 * {@code [0, min(cap, base * 2^(n-1))]}, unless the server said how long to wait
 * ({@code retry-after-ms}, {@code Retry-After}), which is honoured up to {@code maxWait}.
 *
 * <p>Retried: 429, 500, 502, 503, 504, 529, connection failures and timeouts. Never retried:
 * 4xx other than 429 (a bad key or a bad request does not get better by asking again), protocol
 * errors, and anything after streamed output already reached the listener.
 *
 * @param maxRetries retries after the first attempt (0 = no retries)
 * @param base       backoff of the first retry before jitter
 * @param cap        largest computed backoff
 * @param maxWait    largest wait we accept from a server hint
 */
public record RetryPolicy(int maxRetries, Duration base, Duration cap, Duration maxWait) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60));

    public static final RetryPolicy NONE = DEFAULT.withMaxRetries(0);

    private static final Set<Integer> RETRY_STATUS = Set.of(429, 500, 502, 503, 504, 529);
    private static final Set<Integer> NEVER_STATUS = Set.of(400, 401, 403, 404, 413, 422);

    public RetryPolicy {
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0");
        if (base == null || base.isNegative() || cap == null || cap.isNegative() || maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("retry durations must be non-negative");
        }
    }

    public RetryPolicy withMaxRetries(int n) { return new RetryPolicy(n, base, cap, maxWait); }

    /** Whether this failure is worth another attempt (ignoring the attempt budget). */
    public boolean retryable(ModelException e) {
        return switch (e.kind()) {
            case TIMEOUT, CONNECTION, OVERLOADED, RATE_LIMITED -> true;
            case SERVER -> e.status() == 0 || RETRY_STATUS.contains(e.status());
            default -> false;
        };
    }

    /**
     * Like {@link #retryable(ModelException)}, but a server's {@code x-should-retry} header (as the
     * official SDKs read it) has the last word: "false" stops retries, "true" allows one for a status
     * we would not retry on our own (409, 408...), though never for a bad request, key or model.
     *
     * @param serverSays the header's value, or null when absent
     */
    public boolean retryable(ModelException e, Boolean serverSays) {
        if (serverSays != null && e.status() > 0) {
            if (!serverSays) return false;
            if (!NEVER_STATUS.contains(e.status()) && e.kind() != ModelException.Kind.CONTEXT_LENGTH) return true;
        }
        return retryable(e);
    }

    /**
     * The wait before retry number {@code retry} (1-based).
     *
     * @param hint what the server asked for, or null
     */
    public Duration delay(int retry, Duration hint) {
        if (hint != null && !hint.isNegative()) {
            return hint.compareTo(maxWait) > 0 ? maxWait : hint;
        }
        long baseNanos = base.toNanos();
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long ceiling = baseNanos > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : baseNanos << shift;
        ceiling = Math.min(ceiling, cap.toNanos());
        if (ceiling <= 0) return Duration.ZERO;
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
