package dev.tern.cancel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * The cancellation token of a run, carried in its {@link RunContext}: cancelled explicitly (Ctrl-C,
 * a client that went away, a parent run ending) or when its deadline passes. Every blocking call of a
 * run observes it: the model call (the provider aborts the HTTP exchange), each tool call (its thread
 * is interrupted), MCP requests, sub-agents (children follow their parent) and approval prompts.
 *
 * <p>Callbacks registered with {@link #onCancel} run once, on the cancelling thread (or the deadline
 * timer), so they must be quick: interrupt a thread, abort a request. The deadline timer is armed
 * lazily, on the first registration, so a run that never blocks costs no timer. Thread-safe.
 */
public final class Cancellation {

    /** Why a token was cancelled. */
    public enum Cause { CANCELLED, DEADLINE }

    private final Cancellation parent;
    private final Instant deadline;
    private final Object lock = new Object();
    private List<Callback> callbacks = new ArrayList<>(2);
    private volatile Cause cause;
    private volatile String reason;
    private Future<?> timer;
    private Registration parentLink;

    private Cancellation(Cancellation parent, Instant deadline) {
        this.parent = parent;
        Instant d = deadline == null ? Instant.MAX : deadline;
        if (parent != null && parent.deadline.isBefore(d)) d = parent.deadline;
        this.deadline = d;
    }

    /** A token with no deadline that only an explicit {@link #cancel} ends. */
    public static Cancellation create() { return new Cancellation(null, Instant.MAX); }

    /** A token that is cancelled at {@code deadline} at the latest. */
    public static Cancellation withDeadline(Instant deadline) { return new Cancellation(null, deadline); }

    /** A token that is cancelled with this one, and also at {@code deadline} (the earlier of the two deadlines). */
    public Cancellation child(Instant childDeadline) {
        Cancellation c = new Cancellation(this, childDeadline);
        if (isCancelled()) {
            c.fire(cause == null ? Cause.CANCELLED : cause, reason);
        } else {
            c.parentLink = onCancel(() -> c.fire(cause == null ? Cause.CANCELLED : cause, reason));
        }
        return c;
    }

    /** A child with the same deadline. */
    public Cancellation child() { return child(Instant.MAX); }

    public Instant deadline() { return deadline; }

    /** Time left before the deadline (negative when past); {@link Duration} max-ish when there is none. */
    public Duration remaining() {
        if (deadline.equals(Instant.MAX)) return Duration.ofDays(365_000);
        return Duration.between(Instant.now(), deadline);
    }

    /** True once cancelled or past the deadline. */
    public boolean isCancelled() {
        if (cause != null) return true;
        if (!deadline.equals(Instant.MAX) && !Instant.now().isBefore(deadline)) {
            fire(Cause.DEADLINE, "deadline reached");
            return true;
        }
        return false;
    }

    /** Why it was cancelled, or null while it is not. */
    public Cause cause() {
        isCancelled();
        return cause;
    }

    /** The reason given to {@link #cancel}, or "deadline reached"; null while not cancelled. */
    public String reason() {
        isCancelled();
        return reason;
    }

    /** Cancels this token and its children (idempotent; the first reason wins). */
    public void cancel(String why) { fire(Cause.CANCELLED, why == null ? "cancelled" : why); }

    /** @throws CancelledException when cancelled */
    public void throwIfCancelled() {
        if (isCancelled()) throw new CancelledException(cause, reason);
    }

    /**
     * Runs {@code action} once when this token is cancelled (at once, on this thread, if it already is).
     * Close the registration when the guarded operation ends; after {@code close()} returns the action
     * will not start, and an action that started has finished.
     */
    public Registration onCancel(Runnable action) {
        Callback cb = new Callback(action);
        synchronized (lock) {
            if (cause == null) {
                callbacks.add(cb);
                armTimer();
                return cb;
            }
        }
        cb.run();
        return cb;
    }

    /** Detaches this token from its parent and stops its timer (call when the guarded scope ends). */
    public void release() {
        Registration link;
        synchronized (lock) {
            link = parentLink;
            parentLink = null;
            if (timer != null) timer.cancel(false);
            timer = null;
            if (cause == null) callbacks = new ArrayList<>(2);
        }
        if (link != null) link.close();
    }

    private void armTimer() {
        if (timer != null || deadline.equals(Instant.MAX) || parent != null && parent.deadline.equals(deadline)) return;
        long nanos = Duration.between(Instant.now(), deadline).toNanos();
        if (nanos <= 0) {
            // fire outside the lock
            Thread.ofVirtual().start(() -> fire(Cause.DEADLINE, "deadline reached"));
            return;
        }
        timer = Timers.after(nanos, () -> fire(Cause.DEADLINE, "deadline reached"));
    }

    private void fire(Cause c, String why) {
        List<Callback> toRun;
        synchronized (lock) {
            if (cause != null) return;
            reason = why;
            cause = c;
            toRun = callbacks;
            callbacks = List.of();
            if (timer != null) timer.cancel(false);
            timer = null;
        }
        for (Callback cb : toRun) cb.run();
    }

    /** A registered action; closing it unregisters the action. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();

        /** True when the action ran (or started running). */
        boolean fired();
    }

    private final class Callback implements Registration {
        private final Runnable action;
        private int state; // 0 armed, 1 fired, 2 closed

        Callback(Runnable action) { this.action = action; }

        void run() {
            synchronized (this) {  // held while the action runs: close() returns only after it finished
                if (state != 0) return;
                state = 1;
                action.run();
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                if (state == 0) state = 2;
            }
            synchronized (lock) {
                if (callbacks instanceof ArrayList<Callback> l) l.remove(this);
            }
        }

        @Override
        public synchronized boolean fired() { return state == 1; }
    }

    /** Thrown by {@link #throwIfCancelled()}. */
    public static final class CancelledException extends RuntimeException {
        private final Cause cause;

        public CancelledException(Cause cause, String reason) {
            super(reason, null, false, false);
            this.cause = cause;
        }

        public Cause kind() { return cause; }
    }
}
