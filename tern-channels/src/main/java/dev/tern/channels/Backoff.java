package dev.tern.channels;

import java.time.Duration;

/** How a channel's receiver waits before it polls or connects again after a failure: from 1 s, doubling, at most 30 s. */
public final class Backoff {

    public static final Duration FIRST = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofSeconds(30);

    private Backoff() { }

    /**
     * Waits {@code d}; returns the next wait. Interrupted (the channel is closing), it keeps the thread's interrupt flag
     * and runs {@code interrupted} (the receiver's "stop").
     */
    public static Duration pause(Duration d, Runnable interrupted) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted.run();
        }
        return next(d);
    }

    /** Twice {@code d}, at most {@link #MAX}. */
    public static Duration next(Duration d) {
        Duration twice = d.multipliedBy(2);
        return twice.compareTo(MAX) > 0 ? MAX : twice;
    }
}
