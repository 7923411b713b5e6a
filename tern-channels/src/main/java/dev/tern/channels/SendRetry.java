package dev.tern.channels;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries of a send: exponential backoff with full jitter, capped, never shorter than what the server
 * asked for (Telegram's 429 {@code retry_after}).
 *
 * @param maxAttempts attempts in all, the first included
 * @param base        the ceiling of the first backoff
 * @param cap         the largest backoff (a server's retry-after may be longer and is honoured)
 * @param pause       how to wait (tests may count instead)
 */
public record SendRetry(int maxAttempts, Duration base, Duration cap, Pause pause) {

    /** Waits; interruptible. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    public static final SendRetry DEFAULT = new SendRetry(5, Duration.ofMillis(500), Duration.ofSeconds(30),
            d -> Thread.sleep(d.toMillis()));

    public SendRetry {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts < 1");
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failures (1-based). */
    public Duration delay(int attempt, Duration retryAfter) {
        long ceiling = base.toMillis() << Math.min(attempt - 1, 20);
        long jittered = ThreadLocalRandom.current().nextLong(Math.max(1, Math.min(ceiling, cap.toMillis())) + 1);
        Duration d = Duration.ofMillis(jittered);
        return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
    }

    /** One send, as a lambda that may fail. */
    @FunctionalInterface
    public interface Attempt {
        void run() throws SendException;
    }

    /** Called before each wait: (attempt that failed, wait, reason). */
    @FunctionalInterface
    public interface RetryListener {
        void retrying(int attempt, Duration delay, SendException cause);
    }

    /**
     * Runs {@code attempt} until it succeeds, fails permanently or runs out of attempts.
     *
     * @throws SendException the last failure
     */
    public void run(Attempt attempt, RetryListener listener) throws SendException, InterruptedException {
        for (int n = 1; ; n++) {
            try {
                attempt.run();
                return;
            } catch (SendException e) {
                if (!e.isTransient() || n >= maxAttempts) throw e;
                Duration d = delay(n, e.retryAfter());
                listener.retrying(n, d, e);
                pause.pause(d);
            }
        }
    }
}
