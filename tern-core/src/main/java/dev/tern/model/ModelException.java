package dev.tern.model;

import java.time.Duration;

/**
 * Every failure of a model call, typed by {@link Kind}. The message is one line a user can act on.
 */
public class ModelException extends RuntimeException {

    /** What went wrong, coarse enough to decide what to do about it. */
    public enum Kind {
        /** Missing or rejected API key (401). */
        AUTHENTICATION(false),
        /** Key valid but not allowed (403). */
        PERMISSION(false),
        /** Unknown model or endpoint (404). */
        NOT_FOUND(false),
        /** The request was rejected as malformed (400, 422). */
        BAD_REQUEST(false),
        /** The prompt does not fit the model's context window. */
        CONTEXT_LENGTH(false),
        /** 429: rate limit or quota. */
        RATE_LIMITED(true),
        /** 529 or an explicit overloaded error. */
        OVERLOADED(true),
        /** 5xx. */
        SERVER(true),
        /** Connect, first-byte or stream-idle timeout. */
        TIMEOUT(true),
        /** Connection refused, reset or closed mid-response. */
        CONNECTION(true),
        /** The provider answered with something that is not the protocol (garbage JSON, bad SSE). */
        PROTOCOL(true),
        /** A run budget or limit stopped the call before it was sent. */
        BUDGET(false),
        /** The caller cancelled. */
        CANCELLED(false);

        private final boolean retryable;

        Kind(boolean retryable) { this.retryable = retryable; }

        public boolean retryable() { return retryable; }
    }

    private final Kind kind;
    private final int status;
    private final Duration retryAfter;
    private final String provider;

    public ModelException(Kind kind, String provider, int status, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.provider = provider;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public ModelException(Kind kind, String provider, String message) {
        this(kind, provider, 0, message, null, null);
    }

    public Kind kind() { return kind; }

    /** HTTP status, or 0 when there was none. */
    public int status() { return status; }

    /** What the server asked us to wait, or null. */
    public Duration retryAfter() { return retryAfter; }

    public String provider() { return provider; }

    public boolean retryable() { return kind.retryable(); }
}
