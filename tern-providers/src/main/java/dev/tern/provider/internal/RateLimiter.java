package dev.tern.provider.internal;

import dev.tern.http.Abort;
import dev.tern.model.ModelException;
import dev.tern.store.RateLimitStore;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The traffic rules of one provider: at most {@code maxConcurrency} requests in flight (a fair
 * semaphore), and a shared "not before" instant that every caller honours before sending. The
 * instant moves forward when the provider says a budget is exhausted (rate-limit headers) or
 * answers 429/529, so all callers back off together instead of each hammering on its own. With a
 * shared {@link RateLimitStore} (several gateway nodes), the instant is also published to the store
 * and read from it, so every process calling the same account waits the same Retry-After.
 */
public final class RateLimiter {

    private final String provider;
    private final Semaphore permits;
    private final int maxConcurrency;
    private final AtomicLong notBeforeNanos;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();

    private final RateLimitStore store;
    private final String account;

    public RateLimiter(String provider, int maxConcurrency) { this(provider, maxConcurrency, null, null); }

    /** @param store shared state of the account's limits, or null for this instance alone */
    public RateLimiter(String provider, int maxConcurrency, RateLimitStore store, String account) {
        if (maxConcurrency <= 0) throw new IllegalArgumentException("maxConcurrency must be > 0");
        this.store = store;
        this.account = account;
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
     * @throws ModelException CANCELLED when the thread is interrupted or {@code abort} fires while waiting
     */
    public Permit acquire(Abort abort) {
        while (true) {
            sleepUntilAllowed(abort);
            if (!permits.tryAcquire()) waitForPermit(abort);
            if (System.nanoTime() - notBeforeNanos.get() >= 0) {
                peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                return new Permit();
            }
            permits.release(); // the window closed while we queued: wait again without holding a slot
        }
    }

    /** Waits for a slot; an abort interrupts the wait (and only the wait). */
    private void waitForPermit(Abort abort) {
        Thread me = Thread.currentThread();
        Abort.Registration r = abort.onAbort(me::interrupt);
        boolean acquired = false;
        boolean interrupted = false;
        try {
            permits.acquire();
            acquired = true;
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            r.close();
            if (r.fired()) Thread.interrupted(); // our own interrupt: do not leak it
        }
        if (acquired && !abort.isAborted()) return;
        if (acquired) permits.release();
        if (interrupted && !r.fired()) me.interrupt();
        throw cancelled();
    }

    private ModelException cancelled() {
        return new ModelException(ModelException.Kind.CANCELLED, provider, provider + ": cancelled while waiting to send");
    }

    /** Nobody sends before {@code now + wait} (monotone: never moves the instant backwards). */
    public void pauseFor(Duration wait) {
        if (wait == null || wait.isNegative() || wait.isZero()) return;
        long until = System.nanoTime() + wait.toNanos();
        notBeforeNanos.accumulateAndGet(until, (cur, next) -> next - cur > 0 ? next : cur);
        if (store != null) {
            java.time.Instant now = java.time.Instant.now();
            store.observe(account, new RateLimitStore.State(-1, null, -1, null, now.plus(wait), now));
        }
    }

    /** Time left before sending is allowed; zero when allowed now. */
    public Duration pausedFor() {
        long left = notBeforeNanos.get() - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    public int inFlight() { return inFlight.get(); }

    /** The most requests that were in flight at once (where the limit is enforced: between acquire and close). */
    public int peakInFlight() { return peakInFlight.get(); }

    public int maxConcurrency() { return maxConcurrency; }

    private void sleepUntilAllowed(Abort abort) {
        while (true) {
            long left = notBeforeNanos.get() - System.nanoTime();
            if (left <= 0 && store != null) left = sharedWait();
            if (left <= 0) return;
            if (abort.sleep(Duration.ofNanos(left))) throw cancelled();
        }
    }

    /** What another process published: the nanoseconds until its Retry-After passes, or 0. */
    private long sharedWait() {
        java.time.Instant until = store.get(account).blockedUntil();
        if (until == null) return 0;
        long nanos = Duration.between(java.time.Instant.now(), until).toNanos();
        return Math.max(0, nanos);
    }
}
