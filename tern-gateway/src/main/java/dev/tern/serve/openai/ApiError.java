package dev.tern.serve.openai;

import dev.tern.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * An error answered in OpenAI's shape: {@code {"error": {"message", "type", "param", "code"}}} with the
 * status the official SDKs map to their error classes (400 BadRequest, 401 Authentication, 404 NotFound,
 * 409 Conflict, 413, 429 RateLimit with {@code Retry-After}, 5xx).
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final long retryAfterSeconds;

    public ApiError(int status, String type, String code, String param, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiError badRequest(String param, String message) {
        return new ApiError(400, "invalid_request_error", null, param, message, 0);
    }

    public static ApiError badRequest(String param, String code, String message) {
        return new ApiError(400, "invalid_request_error", code, param, message, 0);
    }

    public static ApiError unauthorized() {
        return new ApiError(401, "invalid_request_error", "invalid_api_key",
                null, "Incorrect or missing API key: send 'Authorization: Bearer <token>' (tern token create NAME makes one)", 0);
    }

    public static ApiError notFound(String code, String message) { return new ApiError(404, "invalid_request_error", code, null, message, 0); }

    public static ApiError modelNotFound(String model) {
        return new ApiError(404, "invalid_request_error", "model_not_found", "model",
                "The model '" + model + "' does not exist (GET /v1/models lists them)", 0);
    }

    public static ApiError tooLarge(long max) {
        return new ApiError(413, "invalid_request_error", "request_too_large", null, "Request body larger than " + max + " bytes", 0);
    }

    public static ApiError rateLimited(long retryAfterMs) {
        long s = Math.max(1, (retryAfterMs + 999) / 1000);
        return new ApiError(429, "requests", "rate_limit_exceeded", null, "Rate limit reached for this token: retry in " + s + " s", s);
    }

    public static ApiError busy(String message) { return new ApiError(409, "invalid_request_error", "session_busy", null, message, 0); }

    public static ApiError unavailable(String message) { return new ApiError(503, "server_error", "unavailable", null, message, 0); }

    public static ApiError methodNotAllowed(String allowed) {
        return new ApiError(405, "invalid_request_error", "method_not_allowed", null, "Use " + allowed, 0);
    }

    public int status() { return status; }

    public long retryAfterSeconds() { return retryAfterSeconds; }

    /** The response body. */
    public String json() {
        ObjectNode root = Json.object();
        ObjectNode e = root.putObject("error");
        e.put("message", getMessage());
        e.put("type", type);
        if (param == null) e.putNull("param"); else e.put("param", param);
        if (code == null) e.putNull("code"); else e.put("code", code);
        return Json.write(root);
    }
}
