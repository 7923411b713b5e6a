package dev.tern.batch;

import dev.tern.model.ChatResponse;
import java.util.Objects;

/**
 * What became of one request of a batch.
 *
 * @param customId the request's custom id
 * @param outcome  how it ended
 * @param response the answer when {@code outcome} is SUCCEEDED, else null
 * @param error    one line saying why when it did not succeed, else null
 */
public record BatchResult(String customId, Outcome outcome, ChatResponse response, String error) {

    /** How a request of a batch ended. */
    public enum Outcome { SUCCEEDED, ERRORED, EXPIRED, CANCELLED }

    public BatchResult {
        Objects.requireNonNull(customId, "customId");
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == Outcome.SUCCEEDED && response == null) throw new IllegalArgumentException("a succeeded result needs a response");
    }

    public static BatchResult succeeded(String customId, ChatResponse response) {
        return new BatchResult(customId, Outcome.SUCCEEDED, response, null);
    }

    public static BatchResult failed(String customId, Outcome outcome, String error) {
        return new BatchResult(customId, outcome, null, error);
    }

    public boolean succeeded() { return outcome == Outcome.SUCCEEDED; }
}
