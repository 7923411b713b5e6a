package dev.tern.batch;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A batch as its vendor reports it, in vendor-free terms.
 *
 * @param id           the vendor's batch id
 * @param provider     the vendor ("openai", "anthropic")
 * @param state        where it is
 * @param vendorStatus the vendor's own word for it ("validating", "in_progress", "ended" ...)
 * @param counts       requests per outcome so far
 * @param createdAt    when it was created, or null
 * @param expiresAt    when unfinished requests expire, or null
 * @param endedAt      when processing ended, or null while it runs
 * @param errors       batch-level problems (validation errors of a FAILED batch), one line each
 */
public record BatchStatus(String id, String provider, State state, String vendorStatus, Counts counts,
                          Instant createdAt, Instant expiresAt, Instant endedAt, List<String> errors) {

    /** The life of a batch. */
    public enum State {
        /** Validating, answering or finalizing. */
        IN_PROGRESS,
        /** A cancel was asked for; requests not yet answered are being cancelled. */
        CANCELLING,
        /** Every request was answered (succeeded or errored). */
        COMPLETED,
        /** The completion window passed; requests not answered by then expired. */
        EXPIRED,
        /** Cancelled; requests not answered by then were cancelled. */
        CANCELLED,
        /** The batch was rejected (invalid input): nothing ran, there are no results. */
        FAILED;

        /** Whether processing is over (results, if any, can be read). */
        public boolean ended() { return this != IN_PROGRESS && this != CANCELLING; }
    }

    /**
     * Requests per outcome.
     *
     * @param total      requests in the batch
     * @param processing not answered yet
     */
    public record Counts(int total, int processing, int succeeded, int errored, int expired, int cancelled) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);

        /** Requests with an outcome. */
        public int done() { return succeeded + errored + expired + cancelled; }
    }

    public BatchStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        counts = counts == null ? Counts.NONE : counts;
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public boolean ended() { return state.ended(); }

    /** Whether results can be read: ended and not rejected. */
    public boolean hasResults() { return state.ended() && state != State.FAILED; }

    /** One line for people: "batch_abc: in_progress, 3 of 10 done (2 succeeded, 1 errored)". */
    public String summary() {
        Counts c = counts;
        StringBuilder b = new StringBuilder(id).append(": ").append(state.name().toLowerCase(java.util.Locale.ROOT));
        if (vendorStatus != null && !vendorStatus.equalsIgnoreCase(state.name())) b.append(" (").append(vendorStatus).append(')');
        b.append(", ").append(c.done()).append(" of ").append(c.total()).append(" done (").append(c.succeeded())
                .append(" succeeded, ").append(c.errored()).append(" errored");
        if (c.expired() > 0) b.append(", ").append(c.expired()).append(" expired");
        if (c.cancelled() > 0) b.append(", ").append(c.cancelled()).append(" cancelled");
        b.append(')');
        if (!errors.isEmpty()) b.append("; ").append(errors.get(0)).append(errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
        return b.toString();
    }
}
