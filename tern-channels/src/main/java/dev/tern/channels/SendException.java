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

    /** A server's refusal: transient (retried, after {@code retryAfterSeconds} when it said so) or permanent. */
    public static SendException refused(Exception e, boolean transientFailure, Long retryAfterSeconds) {
        return transientFailure ? transientFailure(e.getMessage(), retryAfterSeconds == null ? null : Duration.ofSeconds(retryAfterSeconds), e)
                : permanent(e.getMessage(), e);
    }

    /**
     * A call that did not get an answer: an I/O error is transient, an interrupt (shutting down) permanent and keeps the
     * thread's interrupt flag.
     *
     * @param call what was called ({@code telegram sendMessage}), for the message
     */
    public static SendException unanswered(String call, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return permanent(call + ": interrupted", e);
        }
        return transientFailure(call + ": " + e, null, e);
    }

    public boolean isTransient() { return transientFailure; }

    /** How long the server asked us to wait (429 {@code retry_after}), or null. */
    public Duration retryAfter() { return retryAfter; }
}
