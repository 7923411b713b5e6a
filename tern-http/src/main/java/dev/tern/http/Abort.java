package dev.tern.http;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The abort signal of one exchange (or of a series of attempts): fired from any thread, it ends
 * whatever the exchange is blocked in at once. Transports register what ends each phase (close the
 * socket, cancel the request) with {@link #onAbort}; callers can also wait on it ({@link #sleep}).
 * Thread-safe; cheap enough to create per call.
 */
public final class Abort {

    /** A signal that never fires (registrations are no-ops). */
    public static final Abort NEVER = new Abort(true);

    private final boolean never;
    private volatile String reason;
    private Action head; // guarded by this

    private Abort(boolean never) { this.never = never; }

    public Abort() { this(false); }

    /** Fires the signal (idempotent; the first reason wins) and runs the registered actions on this thread. */
    public void abort(String why) {
        if (never) return;
        java.util.List<Action> list = new java.util.ArrayList<>(2);
        synchronized (this) {
            if (reason != null) return;
            reason = why == null ? "aborted" : why;
            for (Action a = head; a != null; a = a.next) list.add(a);
            head = null;
        }
        for (Action a : list) a.run();
    }

    public boolean isAborted() { return reason != null; }

    /** Why it fired, or null. */
    public String reason() { return reason; }

    /**
     * Runs {@code action} once when the signal fires (at once, on this thread, if it already has).
     * After {@link Registration#close()} returns, the action will not start, and one that started has
     * finished.
     */
    public Registration onAbort(Runnable action) {
        Action a = new Action(action);
        if (never) return a;
        synchronized (this) {
            if (reason == null) {
                a.next = head;
                if (head != null) head.prev = a;
                head = a;
                return a;
            }
        }
        a.run();
        return a;
    }

    /**
     * Waits {@code d}, or less if the signal fires or the thread is interrupted (its interrupt status is kept).
     *
     * @return true when it fired or the thread was interrupted (before or during the wait)
     */
    public boolean sleep(Duration d) {
        Thread me = Thread.currentThread();
        if (isAborted() || me.isInterrupted()) return true;
        long end = System.nanoTime() + d.toNanos();
        try (Registration r = onAbort(() -> LockSupport.unpark(me))) {
            while (!isAborted()) {
                if (me.isInterrupted()) return true;
                long left = end - System.nanoTime();
                if (left <= 0) return false;
                LockSupport.parkNanos(this, left);
            }
            return true;
        }
    }

    /** A registered action; closing it unregisters the action. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();

        /** True when the action ran (or is running). */
        boolean fired();
    }

    private final class Action implements Registration {
        private final Runnable action;
        private Action next;
        private Action prev;
        private int state; // 0 armed, 1 fired, 2 closed; guarded by the Action

        Action(Runnable action) { this.action = action; }

        void run() {
            synchronized (this) { // held while running: close() returns only after the action finished
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
            if (never) return;
            synchronized (Abort.this) {
                if (prev != null) prev.next = next;
                else if (head == this) head = next;
                if (next != null) next.prev = prev;
                prev = next = null;
            }
        }

        @Override
        public synchronized boolean fired() { return state == 1; }
    }
}
