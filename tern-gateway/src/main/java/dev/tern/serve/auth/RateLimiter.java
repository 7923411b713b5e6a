package dev.tern.serve.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-user token buckets: {@code burst} requests at once, refilled at {@code perMinute}/60 per second.
 * {@link #acquire} answers 0 when the request may go, else the milliseconds until it could (for {@code Retry-After}).
 */
public final class RateLimiter {

    private final double perNano;
    private final double burst;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute, int burst) { this(perMinute, burst, System::nanoTime); }

    public RateLimiter(int perMinute, int burst, LongSupplier nanoClock) {
        this.perNano = perMinute / 60e9;
        this.burst = burst;
        this.clock = nanoClock;
    }

    /** Takes one request from {@code user}'s bucket: 0 when allowed, else milliseconds to wait. */
    public long acquire(String user) {
        return buckets.computeIfAbsent(user, u -> new Bucket(burst, clock.getAsLong())).take(clock.getAsLong());
    }

    private final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized long take(long now) {
            tokens = Math.min(burst, tokens + (now - last) * perNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e6));
        }
    }
}
