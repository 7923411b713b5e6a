package dev.tern.sim.batch;

import dev.tern.sim.engine.StatsRecorder;
import java.util.List;
import java.util.function.Function;

/**
 * One batch (either vendor), a state machine driven by the clock: items are answered when their
 * time comes, read lazily ({@link #advance}) whenever the batch is looked at. No thread runs per batch.
 *
 * <p>Timeline with processing time P: OpenAI validates for P/10, answers the items evenly until 9P/10
 * and finalizes until P; Anthropic answers them evenly over P. A cancel takes P/10; a batch still
 * unfinished at its expiry expires (its unanswered items expire).
 */
public final class Batch {

    /** What became of an item. */
    public enum Outcome { SUCCEEDED, ERRORED, CANCELED, EXPIRED }

    /** How the batch ended. */
    public enum End { NONE, DONE, CANCELED, EXPIRED, FAILED }

    /**
     * One request of the batch.
     *
     * @param customId the caller's id
     * @param endpoint the path it targets ({@code /v1/chat/completions}, {@code /v1/embeddings}, {@code /v1/messages})
     * @param body     the request body
     */
    public record Item(String customId, String endpoint, byte[] body) { }

    final String id;
    final long createdMs;
    final long expiresMs;
    final List<Item> items;
    final Outcome[] outcomes;
    final Answer[] answers;
    private final long itemsStart;
    private final long itemsEnd;
    private final long finalizeMs;
    private final long cancelMs;
    private final boolean phases;
    /** OpenAI validation errors; non-null = the batch fails after validating. */
    final List<BatchError> invalid;
    int done;
    /** Whether {@link #advance} ran (the create response shows the batch before it). */
    boolean advanced;
    long cancelAtMs = -1;
    End end = End.NONE;
    long endMs;
    /** Vendor-specific details (OpenAI: files, endpoint, metadata); set by the API that created the batch. */
    Object details;

    /** A batch-level validation error (OpenAI {@code errors.data[]}). */
    public record BatchError(String code, String message, String param, Integer line) { }

    /**
     * @param phases OpenAI-style validating and finalizing phases (P/10 each)
     * @param invalid validation errors (the batch fails), nullable
     */
    Batch(String id, long createdMs, long processingMs, long expiryMs, List<Item> items, boolean phases,
          List<BatchError> invalid) {
        this.id = id;
        this.createdMs = createdMs;
        this.expiresMs = createdMs + expiryMs;
        this.items = List.copyOf(items);
        this.outcomes = new Outcome[items.size()];
        this.answers = new Answer[items.size()];
        this.phases = phases;
        long tenth = processingMs / 10;
        this.itemsStart = createdMs + (phases ? tenth : 0);
        this.finalizeMs = phases ? tenth : 0;
        this.itemsEnd = createdMs + processingMs - finalizeMs;
        this.cancelMs = tenth;
        this.invalid = invalid;
    }

    public String id() { return id; }

    /** When the item at {@code i} is answered. */
    long due(int i) {
        int n = items.size();
        return itemsStart + (itemsEnd - itemsStart) * (i + 1) / Math.max(1, n);
    }

    /** End of validation (OpenAI). */
    long validatedAt() { return itemsStart; }

    long finalizeMs() { return finalizeMs; }

    /** Answers the items that are due at {@code now}; ends the batch when it is done, canceled or expired. */
    synchronized void advance(long now, Function<Item, Answer> answerer, StatsRecorder stats) {
        advanced = true;
        if (end != End.NONE) return;
        if (invalid != null) {
            if (now >= itemsStart) finish(End.FAILED, itemsStart, null, stats);
            return;
        }
        long limit = Math.min(now, expiresMs);
        if (cancelAtMs >= 0) limit = Math.min(limit, cancelAtMs);
        while (done < items.size() && due(done) <= limit) {
            Answer a = answerer.apply(items.get(done));
            answers[done] = a;
            outcomes[done] = a.ok() ? Outcome.SUCCEEDED : Outcome.ERRORED;
            stats.batchItem(a.ok() ? "succeeded" : "errored");
            done++;
        }
        if (done == items.size()) {
            finish(End.DONE, items.isEmpty() ? itemsStart : due(items.size() - 1), null, stats);
            return;
        }
        long cancelEnd = cancelAtMs >= 0 ? cancelAtMs + cancelMs : Long.MAX_VALUE;
        if (now >= Math.min(cancelEnd, expiresMs)) {
            if (cancelEnd <= expiresMs) finish(End.CANCELED, cancelEnd, Outcome.CANCELED, stats);
            else finish(End.EXPIRED, expiresMs, Outcome.EXPIRED, stats);
        }
    }

    private void finish(End how, long at, Outcome rest, StatsRecorder stats) {
        if (rest != null) {
            for (int i = done; i < items.size(); i++) {
                outcomes[i] = rest;
                stats.batchItem(rest == Outcome.CANCELED ? "canceled" : "expired");
            }
        }
        end = how;
        endMs = at;
    }

    /** Asks to cancel; @return false when the batch has already ended */
    synchronized boolean cancel(long now) {
        if (end != End.NONE || cancelAtMs >= 0) return end == End.NONE;
        cancelAtMs = now;
        return true;
    }

    /** Items per outcome; unanswered items count as processing. */
    synchronized int count(Outcome o) {
        int c = 0;
        for (Outcome x : outcomes) if (x == o) c++;
        return c;
    }

    /** Whether processing ended at or before {@code now} (OpenAI: including finalizing). */
    synchronized boolean finished(long now) {
        return end != End.NONE && (end != End.DONE || now >= endMs + finalizeMs);
    }

    boolean hasPhases() { return phases; }
}
