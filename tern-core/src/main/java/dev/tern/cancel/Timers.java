package dev.tern.cancel;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The deadline timers of cancellation tokens: a few daemon threads for the process (what the JDK's own
 * {@code CompletableFuture.delayedExecutor} keeps, but with cancelled timers removed at once, so
 * thousands of calls with 15-minute deadlines that end in milliseconds leave nothing queued, and a
 * cancel costs no exception). A scheduler's queue has one lock, which 10 000 concurrent tool calls
 * arming and cancelling their deadlines queued on (hundreds blocked at once in a profile of the
 * 10 000-task benchmark): the timers are spread over several schedulers, each with its own queue.
 * Timer actions only flip a token and run its quick callbacks.
 */
final class Timers {

    private Timers() { }

    private static final class Holder {
        static final ScheduledThreadPoolExecutor[] SHARDS = create(Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors())));

        private static ScheduledThreadPoolExecutor[] create(int n) {
            ScheduledThreadPoolExecutor[] shards = new ScheduledThreadPoolExecutor[n];
            for (int i = 0; i < n; i++) {
                String name = "tern-deadlines-" + i;
                ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
                e.setRemoveOnCancelPolicy(true);
                e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
                shards[i] = e;
            }
            return shards;
        }
    }

    /** Runs {@code action} after {@code nanos}; cancelling the returned future removes it from its queue. */
    static ScheduledFuture<?> after(long nanos, Runnable action) {
        ScheduledThreadPoolExecutor[] shards = Holder.SHARDS;
        return shards[ThreadLocalRandom.current().nextInt(shards.length)].schedule(action, nanos, TimeUnit.NANOSECONDS);
    }
}
