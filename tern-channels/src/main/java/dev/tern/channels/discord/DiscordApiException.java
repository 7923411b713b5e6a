package dev.tern.channels.discord;

/**
 * A Discord REST call that failed: its HTTP status and Discord's JSON error ({@code {"code": 50001, "message": ...}}), or
 * a rate limit ({@code 429} with {@code retry_after} in seconds).
 */
final class DiscordApiException extends Exception {

    private final int status;
    private final Double retryAfterSeconds;

    DiscordApiException(String call, int status, String message, Double retryAfterSeconds) {
        super("discord " + call + ": HTTP " + status + " " + message
                + (retryAfterSeconds == null ? "" : ", retry after " + retryAfterSeconds + " s"));
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    int status() { return status; }

    /** Whole seconds to wait (rounded up), or null. */
    Long retryAfterSeconds() { return retryAfterSeconds == null ? null : (long) Math.ceil(retryAfterSeconds); }

    boolean isTransient() { return status == 429 || status >= 500; }
}
