package dev.tern.channels.matrix;

/**
 * A Matrix client-server API call that failed: the HTTP status and the standard error ({@code {"errcode": "M_FORBIDDEN",
 * "error": "..."}}), with {@code retry_after_ms} for {@code M_LIMIT_EXCEEDED}.
 */
final class MatrixApiException extends Exception {

    private final int status;
    private final String errcode;
    private final Long retryAfterMs;

    MatrixApiException(String call, int status, String errcode, String error, Long retryAfterMs) {
        super("matrix " + call + ": HTTP " + status + " " + errcode + (error.isBlank() ? "" : " " + error)
                + (retryAfterMs == null ? "" : ", retry after " + retryAfterMs + " ms"));
        this.status = status;
        this.errcode = errcode;
        this.retryAfterMs = retryAfterMs;
    }

    String errcode() { return errcode; }

    /** Whole seconds to wait (rounded up), or null. */
    Long retryAfterSeconds() { return retryAfterMs == null ? null : (retryAfterMs + 999) / 1000; }

    boolean isTransient() { return status == 429 || status >= 500 || errcode.equals("M_LIMIT_EXCEEDED"); }

    boolean isAuth() { return status == 401 || errcode.equals("M_UNKNOWN_TOKEN") || errcode.equals("M_MISSING_TOKEN"); }
}
