package dev.tern.provider.http;

import dev.tern.model.ModelException;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The traffic rules of one provider: at most {@code maxConcurrency} requests in flight (a fair
 * semaphore), and a shared "not before" instant that every caller honours before sending. The
 * instant moves forward when the provider says a budget is exhausted (rate-limit headers) or
 * answers 429/529, so all callers back off together instead of each hammering on its own.
 */
public final class RateLimiter {

    private final String provider;
    private final Semaphore permits;
    private final int maxConcurrency;
    private final AtomicLong notBeforeNanos;
    private final AtomicInteger inFlight = new AtomicInteger();

    public RateLimiter(String provider, int maxConcurrency) {
        if (maxConcurrency <= 0) throw new IllegalArgumentException("maxConcurrency must be > 0");
        this.provider = provider;
        this.maxConcurrency = maxConcurrency;
        this.permits = new Semaphore(maxConcurrency, true);
        this.notBeforeNanos = new AtomicLong(System.nanoTime());
    }

    /** A held slot; release it exactly once, when the response body is done with. */
    public final class Permit implements AutoCloseable {
        private boolean released;

        private Permit() { }

        @Override
        public void close() {
            if (released) return;
            released = true;
            inFlight.decrementAndGet();
            permits.release();
        }
    }

    /**
     * Waits until the provider may be called and a slot is free, then takes the slot.
     *
     * @throws ModelException CANCELLED when the thread is interrupted while waiting
     */
    public Permit acquire() {
        try {
            while (true) {
                sleepUntilAllowed();
                permits.acquire();
                if (System.nanoTime() - notBeforeNanos.get() >= 0) {
                    inFlight.incrementAndGet();
                    return new Permit();
                }
                permits.release(); // the window closed while we queued: wait again without holding a slot
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(ModelException.Kind.CANCELLED, provider, provider + ": interrupted while waiting to send");
        }
    }

    /** Nobody sends before {@code now + wait} (monotone: never moves the instant backwards). */
    public void pauseFor(Duration wait) {
        if (wait == null || wait.isNegative() || wait.isZero()) return;
        long until = System.nanoTime() + wait.toNanos();
        notBeforeNanos.accumulateAndGet(until, (cur, next) -> next - cur > 0 ? next : cur);
    }

    /** Time left before sending is allowed; zero when allowed now. */
    public Duration pausedFor() {
        long left = notBeforeNanos.get() - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    public int inFlight() { return inFlight.get(); }

    public int maxConcurrency() { return maxConcurrency; }

    private void sleepUntilAllowed() throws InterruptedException {
        while (true) {
            long left = notBeforeNanos.get() - System.nanoTime();
            if (left <= 0) return;
            Thread.sleep(Duration.ofNanos(left));
        }
    }
}
