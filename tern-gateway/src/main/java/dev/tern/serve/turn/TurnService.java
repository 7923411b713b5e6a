package dev.tern.serve.turn;

import dev.tern.cancel.Cancellation;
import dev.tern.run.AgentListener;
import dev.tern.run.RunResult;
import dev.tern.runtime.WorkspaceRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where every turn of the gateway runs (HTTP, web UI, MCP, channels, cron, heartbeat): at most one turn
 * at a time per session (a second waits up to {@code sessionWait}, then is refused), each with its own
 * cancellation token, all known so that a shutdown can drain them: stop taking turns, let the running
 * ones finish up to a bound, then cancel the rest (the session journal keeps what was said).
 */
public final class TurnService {

    /** The server is shutting down: no new turns. */
    public static final class DrainingException extends RuntimeException {
        public DrainingException() { super("the server is shutting down"); }
    }

    /** Another turn of the same session is still running. */
    public static final class BusyException extends RuntimeException {
        public BusyException(String session) { super("session '" + session + "' is busy with another turn"); }
    }

    private final Duration sessionWait;
    private final List<AgentListener> observers;
    private final SessionLocks locks = new SessionLocks();
    private final Set<Cancellation> running = ConcurrentHashMap.newKeySet();
    private final ReentrantLock idleLock = new ReentrantLock();
    private final Condition idle = idleLock.newCondition();
    private volatile boolean draining;

    /**
     * @param sessionWait how long a turn waits for the previous turn of its session
     * @param observers   listeners of every run (metrics, traces)
     */
    public TurnService(Duration sessionWait, List<AgentListener> observers) {
        this.sessionWait = sessionWait;
        this.observers = List.copyOf(observers);
    }

    /**
     * Runs one turn.
     *
     * @throws DrainingException when the server is shutting down
     * @throws BusyException     when the session's previous turn did not end within the wait
     * @throws IllegalArgumentException for a turn that does not fit the responder
     */
    public RunResult run(WorkspaceRuntime space, Responder responder, Turn turn) {
        if (draining) throw new DrainingException();
        Cancellation token = turn.cancellation() == null ? Cancellation.create() : turn.cancellation().child();
        List<AgentListener> listeners = new ArrayList<>(observers);
        listeners.addAll(turn.listeners());
        Turn t = turn.withCancellation(token).withListeners(listeners);
        String key = turn.sessionKey() == null ? null : space.workspace() + "\0" + turn.sessionKey();
        SessionLocks.Held held = null;
        try {
            if (key != null) {
                held = locks.acquire(key, sessionWait);
                if (held == null) throw new BusyException(turn.sessionKey());
            }
            running.add(token);
            if (draining) throw new DrainingException();
            return responder.answer(space, t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrainingException();
        } finally {
            if (running.remove(token)) signalIfIdle();
            if (held != null) held.close();
            token.release();
        }
    }

    /** Turns running now. */
    public int running() { return running.size(); }

    public boolean draining() { return draining; }

    /** Stops taking new turns. */
    public void stopAccepting() { draining = true; }

    /** Waits until no turn runs, at most {@code timeout}; true when none runs. */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        idleLock.lock();
        try {
            while (!running.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                idle.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return running.isEmpty();
        } finally {
            idleLock.unlock();
        }
    }

    /** Cancels every running turn (they end CANCELLED; their sessions keep what was said). */
    public int cancelAll(String reason) {
        int n = 0;
        for (Cancellation c : running) {
            c.cancel(reason);
            n++;
        }
        return n;
    }

    private void signalIfIdle() {
        if (!running.isEmpty()) return;
        idleLock.lock();
        try {
            idle.signalAll();
        } finally {
            idleLock.unlock();
        }
    }

    /** One lock per session key, created on demand and dropped when nobody holds or waits for it. */
    static final class SessionLocks {
        private final ConcurrentHashMap<String, Entry> locks = new ConcurrentHashMap<>();

        private static final class Entry {
            final ReentrantLock lock = new ReentrantLock(true);
            int users;
        }

        interface Held extends AutoCloseable {
            @Override void close();
        }

        Held acquire(String key, Duration wait) throws InterruptedException {
            Entry e = locks.compute(key, (k, v) -> {
                Entry x = v == null ? new Entry() : v;
                x.users++;
                return x;
            });
            boolean got = false;
            try {
                got = e.lock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS);
            } finally {
                if (!got) release(key);
            }
            if (!got) return null;
            return () -> {
                e.lock.unlock();
                release(key);
            };
        }

        private void release(String key) {
            locks.computeIfPresent(key, (k, v) -> --v.users == 0 ? null : v);
        }

        int size() { return locks.size(); }
    }
}
