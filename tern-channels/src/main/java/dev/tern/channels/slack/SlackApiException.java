package dev.tern.channels.slack;

import java.util.Set;

/**
 * A Slack Web API call that failed: an HTTP status other than 200, or {@code "ok": false} with Slack's error code.
 *
 * @param method            the API method ({@code chat.postMessage})
 * @param error             Slack's error code ({@code invalid_auth}, {@code ratelimited} ...) or the HTTP reason
 * @param status            the HTTP status
 * @param retryAfterSeconds the {@code Retry-After} header of a 429, or null
 */
final class SlackApiException extends Exception {

    /** Error codes that a later attempt can get past (the others are the token's, the channel's, the request's). */
    private static final Set<String> TRANSIENT = Set.of("ratelimited", "internal_error", "fatal_error", "service_unavailable",
            "request_timeout", "team_added_to_org");
    /** Error codes that say the token is not (or no longer) usable. */
    private static final Set<String> AUTH = Set.of("invalid_auth", "not_authed", "account_inactive", "token_revoked",
            "token_expired", "no_permission", "missing_scope", "not_allowed_token_type");

    private final String method;
    private final String error;
    private final int status;
    private final Long retryAfterSeconds;

    SlackApiException(String method, String error, int status, Long retryAfterSeconds) {
        super("slack " + method + ": " + error + (status == 200 ? "" : " (HTTP " + status + ")")
                + (retryAfterSeconds == null ? "" : ", retry after " + retryAfterSeconds + " s"));
        this.method = method;
        this.error = error;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    String method() { return method; }

    String error() { return error; }

    int status() { return status; }

    Long retryAfterSeconds() { return retryAfterSeconds; }

    boolean isTransient() { return status == 429 || status >= 500 || TRANSIENT.contains(error); }

    boolean isAuth() { return status == 401 || status == 403 || AUTH.contains(error); }
}
