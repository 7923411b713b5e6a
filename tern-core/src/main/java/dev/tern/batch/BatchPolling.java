package dev.tern.batch;

import dev.tern.cancel.Cancellation;
import dev.tern.model.ModelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Waiting for a batch to end: polls its status with exponential backoff (with ±20 % jitter, so many
 * waiters do not poll in step), and stops at once when the caller's token fires.
 *
 * @param initial the first wait
 * @param max     the longest wait between two polls
 * @param factor  growth of the wait after each poll that found the batch unfinished
 */
public record BatchPolling(Duration initial, Duration max, double factor) {

    /** 1 s, growing by 1.6 to at most 60 s: a batch of minutes costs a dozen polls, one of hours about one a minute. */
    public static final BatchPolling DEFAULT = new BatchPolling(Duration.ofSeconds(1), Duration.ofSeconds(60), 1.6);

    public BatchPolling {
        if (initial == null || initial.isNegative() || initial.isZero()) throw new IllegalArgumentException("initial poll wait must be > 0");
        if (max == null || max.compareTo(initial) < 0) throw new IllegalArgumentException("max poll wait must be >= the initial one");
        if (factor < 1) throw new IllegalArgumentException("backoff factor must be >= 1");
    }

    /** The wait before poll number {@code poll} (1-based), without jitter. */
    public Duration delay(int poll) {
        double nanos = initial.toNanos() * Math.pow(factor, Math.max(0, poll - 1));
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }

    /**
     * Polls until the batch ended.
     *
     * @param onPoll told about every status read (progress), may be null
     * @return the ended batch
     * @throws ModelException CANCELLED or TIMEOUT when {@code cancel} fired, or what the status call threw
     */
    public BatchStatus awaitEnd(BatchApi api, String batchId, Cancellation cancel, Consumer<BatchStatus> onPoll) {
        for (int poll = 1; ; poll++) {
            BatchStatus s = api.status(batchId, cancel);
            if (onPoll != null) onPoll.accept(s);
            if (s.ended()) return s;
            Duration d = delay(poll);
            long jittered = (long) (d.toNanos() * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
            sleep(Duration.ofNanos(jittered), cancel, api.name());
        }
    }

    /** Waits {@code d}, returning early with CANCELLED / TIMEOUT when {@code cancel} fires. */
    public static void sleep(Duration d, Cancellation cancel, String provider) {
        if (cancel == null) cancel = Cancellation.create();
        if (cancel.isCancelled()) throw cancelled(cancel, provider);
        CompletableFuture<Void> woken = new CompletableFuture<>();
        try (Cancellation.Registration r = cancel.onCancel(() -> woken.complete(null))) {
            woken.get(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(ModelException.Kind.CANCELLED, provider, "interrupted while waiting for a batch");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // the future is only ever completed normally
        }
        if (cancel.isCancelled()) throw cancelled(cancel, provider);
    }

    private static ModelException cancelled(Cancellation cancel, String provider) {
        return dev.tern.model.ModelProvider.cancelled(cancel, provider);
    }
}
