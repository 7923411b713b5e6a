package dev.tern.http;

import java.time.Duration;

/**
 * One exchange of a transport whose library cannot bound its phases itself (Jetty's body reads): the phase the
 * calling thread is blocked in (waiting for the headers, one body read) with its deadline, watched by
 * a {@link Watchdog}. A passed deadline or the exchange's {@link Abort} interrupts the blocked thread
 * (which closes a socket it is reading, or ends a wait for HTTP/2 frames) and the close hook discards
 * the exchange; the interrupt never leaks past the phase.
 */
final class Exchange {

    private final Abort abort;
    private final Watchdog watchdog;
    private final Abort.Registration registration;
    private Thread blocked; // guarded by this
    private boolean interruptedByUs; // guarded by this
    private volatile long deadline; // System.nanoTime(); 0 = none
    private volatile Duration limit;
    private volatile boolean timedOut;
    private volatile boolean inBody;
    private volatile boolean watched;

    Exchange(Abort abort, Watchdog watchdog) {
        this.abort = abort;
        this.watchdog = watchdog;
        this.registration = abort.onAbort(this::interrupt);
    }

    boolean aborted() { return abort.isAborted(); }

    boolean timedOut() { return timedOut; }

    boolean inBody() { return inBody; }

    /** The bound of the phase that passed (or is running). */
    Duration limit() { return limit; }

    void readingBody() { inBody = true; }

    /** The calling thread blocks in a phase bounded by {@code bound} (null = unbounded). */
    void enter(Duration bound) {
        synchronized (this) {
            blocked = Thread.currentThread();
        }
        limit = bound;
        if (bound != null) {
            deadline = Math.max(1, System.nanoTime() + bound.toNanos());
            if (!watched) {
                watched = true;
                watchdog.watch(this);
            }
        }
        if (abort.isAborted()) interrupt();
    }

    /** The phase ended (either way); clears an interrupt this exchange caused. */
    void leave() {
        deadline = 0;
        synchronized (this) {
            blocked = null;
            if (interruptedByUs) {
                interruptedByUs = false;
                Thread.interrupted();
            }
        }
    }

    /** The exchange is over: no more watching, no more abort action. */
    void done() {
        registration.close();
        if (watched) watchdog.unwatch(this);
    }

    /** Called by the watchdog: ends the phase if its deadline passed. */
    void check(long now) {
        long d = deadline;
        if (d != 0 && now - d >= 0) {
            timedOut = true;
            interrupt();
        }
    }

    private void interrupt() {
        synchronized (this) {
            if (blocked != null && !interruptedByUs) {
                interruptedByUs = true;
                blocked.interrupt();
            }
        }
    }
}
