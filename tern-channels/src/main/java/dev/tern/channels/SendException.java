package dev.tern.channels;

import java.time.Duration;

/**
 * Sending failed. Transient failures (rate limits, 5xx, lost connections) are retried with backoff;
 * permanent ones (chat not found, bot blocked, message refused) are reported at once.
 */
public class SendException extends Exception {

    private final boolean transientFailure;
    private final Duration retryAfter;

    private SendException(String message, boolean transientFailure, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter;
    }

    public static SendException transientFailure(String message, Duration retryAfter, Throwable cause) {
        return new SendException(message, true, retryAfter, cause);
    }

    public static SendException permanent(String message, Throwable cause) {
        return new SendException(message, false, null, cause);
    }

    public boolean isTransient() { return transientFailure; }

    /** How long the server asked us to wait (429 {@code retry_after}), or null. */
    public Duration retryAfter() { return retryAfter; }
}
