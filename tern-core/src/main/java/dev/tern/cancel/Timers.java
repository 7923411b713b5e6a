package dev.tern.cancel;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The deadline timers of cancellation tokens: one daemon thread for the process (the same thing the
 * JDK's own {@code CompletableFuture.delayedExecutor} keeps, but with cancelled timers removed at once,
 * so thousands of calls with 15-minute deadlines that end in milliseconds leave nothing queued, and a
 * cancel costs no exception). Timer actions only flip a token and run its quick callbacks.
 */
final class Timers {

    private Timers() { }

    private static final class Holder {
        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "tern-deadlines");
                t.setDaemon(true);
                return t;
            });
            e.setRemoveOnCancelPolicy(true);
            e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            return e;
        }
    }

    static ScheduledFuture<?> after(long nanos, Runnable action) {
        return Holder.EXECUTOR.schedule(action, nanos, TimeUnit.NANOSECONDS);
    }
}
