package dev.tern.channels.telegram;

/**
 * The Bot API said no: {@code {"ok": false, "error_code": 429, "description": "...", "parameters": {"retry_after": 5}}}.
 */
public final class TelegramApiException extends Exception {

    private final int errorCode;
    private final String description;
    private final Integer retryAfterSeconds;

    public TelegramApiException(String method, int errorCode, String description, Integer retryAfterSeconds) {
        super("telegram " + method + ": " + errorCode + " " + description);
        this.errorCode = errorCode;
        this.description = description;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int errorCode() { return errorCode; }

    public String description() { return description; }

    /** {@code parameters.retry_after} of a 429, or null. */
    public Integer retryAfterSeconds() { return retryAfterSeconds; }

    /** Worth retrying: flood control, server trouble. */
    public boolean isTransient() { return errorCode == 429 || errorCode >= 500; }

    /** The text could not be parsed in the given {@code parse_mode}. */
    public boolean isEntityParseError() {
        return errorCode == 400 && description != null && description.toLowerCase(java.util.Locale.ROOT).contains("can't parse entities");
    }
}
