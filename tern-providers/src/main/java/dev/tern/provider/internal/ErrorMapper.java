package dev.tern.provider.internal;

import dev.tern.json.Json;
import dev.tern.model.ModelException;
import dev.tern.model.ModelException.Kind;
import tools.jackson.databind.JsonNode;

import dev.tern.http.AbortedException;
import dev.tern.http.Durations;
import dev.tern.http.Headers;
import dev.tern.http.TransportTimeoutException;
import dev.tern.provider.http.ProviderConfig;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Turns every failure into a {@link ModelException} with the right {@link Kind} and a one-line
 * message naming the provider, the status and the server's own words (the API key scrubbed out).
 */
public final class ErrorMapper {

    private static final int MAX_DETAIL = 300;

    private final String provider;
    private final String apiKey;

    /**
     * @param apiKey the secret to scrub from server messages; may be empty
     */
    public ErrorMapper(String provider, String apiKey) {
        this.provider = provider;
        this.apiKey = apiKey == null ? "" : apiKey;
    }

    public String provider() { return provider; }

    /** A non-2xx HTTP answer. */
    public ModelException fromResponse(int status, Headers headers, byte[] body, Instant now) {
        ServerError err = parse(body);
        Kind kind = kindFor(status, err);
        Duration retryAfter = RateLimitHeaders.retryAfter(headers, now);
        String msg = provider + ": HTTP " + status + " " + label(kind) + (err.message.isEmpty() ? "" : ": " + err.message);
        return new ModelException(kind, provider, status, oneLine(msg), retryAfter, null);
    }

    /** An error event inside a 200 stream ({@code type} like "overloaded_error"; may be null). */
    public ModelException fromStreamError(String type, String message) {
        ServerError err = new ServerError(message == null ? "" : message, type == null ? "" : type, "");
        Kind kind = kindFor(0, err);
        String msg = provider + ": error in stream (" + (err.type.isEmpty() ? "unknown" : err.type) + ")"
                + (err.message.isEmpty() ? "" : ": " + err.message);
        return new ModelException(kind, provider, 0, oneLine(msg), null, null);
    }

    /** A transport failure: timeouts, refused or reset connections, interrupts. */
    public ModelException fromIo(IOException e, ProviderConfig config) {
        if (e instanceof TransportTimeoutException.Idle idle) {
            return error(Kind.TIMEOUT, "stream stalled, " + idle.getMessage(), e);
        }
        if (e instanceof TransportTimeoutException t) {
            return error(Kind.TIMEOUT, t.getMessage(), e);
        }
        if (e instanceof AbortedException) {
            return error(Kind.CANCELLED, e.getMessage(), e);
        }
        if (e instanceof InterruptedIOException) {
            return error(Kind.CANCELLED, "interrupted", e);
        }
        if (e instanceof ConnectException) {
            return error(Kind.CONNECTION, "cannot connect to " + config.baseUrl()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return error(Kind.CONNECTION, "connection failed: " + detail, e);
    }

    /** A JSON document from the server; PROTOCOL error quoting its start when it is not JSON. */
    public JsonNode json(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (tools.jackson.core.JacksonException e) {
            throw protocol(body.length == 0 ? "empty body where JSON was expected"
                    : "not JSON: '" + prefix(body) + "'", e);
        }
    }

    /** A JSON event from a stream; PROTOCOL error quoting its start when it is not JSON. */
    public JsonNode json(String data) {
        try {
            return Json.MAPPER.readTree(data);
        } catch (tools.jackson.core.JacksonException e) {
            if (e.getCause() instanceof java.io.IOException) throw e;
            throw protocol("stream event is not JSON: '" + prefix(data) + "'", e);
        }
    }

    /** The answer is not the protocol we speak. */
    public ModelException protocol(String what, Throwable cause) {
        return error(Kind.PROTOCOL, "unreadable response: " + what, cause);
    }

    public ModelException error(Kind kind, String what, Throwable cause) {
        return new ModelException(kind, provider, 0, oneLine(provider + ": " + what), null, cause);
    }

    static Kind kindFor(int status, ServerError err) {
        String type = err.type.toLowerCase(Locale.ROOT);
        if (status == 529 || type.contains("overloaded")) return Kind.OVERLOADED;
        if (status == 0) {
            return switch (type) {
                case "rate_limit_error", "rate_limit_exceeded" -> Kind.RATE_LIMITED;
                case "authentication_error" -> Kind.AUTHENTICATION;
                case "permission_error" -> Kind.PERMISSION;
                case "not_found_error" -> Kind.NOT_FOUND;
                case "invalid_request_error", "request_too_large" ->
                        contextTooLong(err) ? Kind.CONTEXT_LENGTH : Kind.BAD_REQUEST;
                default -> Kind.SERVER;
            };
        }
        return switch (status) {
            case 401 -> Kind.AUTHENTICATION;
            case 403 -> Kind.PERMISSION;
            case 404 -> Kind.NOT_FOUND;
            case 408 -> Kind.TIMEOUT;
            case 429 -> Kind.RATE_LIMITED;
            default -> {
                if (status >= 500) yield Kind.SERVER;
                yield contextTooLong(err) ? Kind.CONTEXT_LENGTH : Kind.BAD_REQUEST;
            }
        };
    }

    static boolean contextTooLong(ServerError err) {
        if (err.code.equals("context_length_exceeded")) return true;
        String m = err.message.toLowerCase(Locale.ROOT);
        return m.contains("context length") || m.contains("context window") || m.contains("prompt is too long")
                || m.contains("maximum context") || m.contains("too many tokens") || m.contains("context_length_exceeded")
                || (m.contains("input length") && m.contains("exceed"));
    }

    private static String label(Kind kind) {
        return switch (kind) {
            case AUTHENTICATION -> "authentication failed (check the API key)";
            case PERMISSION -> "permission denied";
            case NOT_FOUND -> "not found (check the model name and base URL)";
            case BAD_REQUEST -> "bad request";
            case CONTEXT_LENGTH -> "context too long";
            case RATE_LIMITED -> "rate limited";
            case OVERLOADED -> "overloaded";
            case SERVER -> "server error";
            case TIMEOUT -> "timeout";
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }

    /** The server's error message, type and code, from OpenAI or Anthropic shaped bodies or plain text. */
    record ServerError(String message, String type, String code) { }

    static ServerError parse(byte[] body) {
        if (body == null || body.length == 0) return new ServerError("", "", "");
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            JsonNode err = root.path("error");
            if (err.isString()) return new ServerError(err.asString(), root.path("type").asString(""), "");
            JsonNode src = err.isObject() ? err : root;
            String message = src.path("message").asString("");
            if (message.isEmpty()) message = src.path("detail").asString("");
            // a shape we do not know (FastAPI validation lists, proxies' own bodies): the body itself is the detail
            if (message.isEmpty() && !root.isEmpty()) message = prefix(body);
            return new ServerError(message, src.path("type").asString(""), src.path("code").asString(""));
        } catch (RuntimeException notJson) {
            return new ServerError(prefix(body), "", "");
        }
    }

    /** The start of a body as one printable line, for messages ("&lt;html&gt;&lt;head&gt;..."). */
    public static String prefix(byte[] body) {
        return prefix(new String(body, 0, Math.min(body.length, 2 * MAX_DETAIL), StandardCharsets.UTF_8));
    }

    public static String prefix(String text) {
        String t = text.replaceAll("\\s+", " ").strip();
        return t.length() > 120 ? t.substring(0, 120) + "..." : t;
    }

    private String oneLine(String s) {
        String out = s.replaceAll("\\s+", " ").strip();
        if (apiKey.length() >= 4) out = out.replace(apiKey, "***");
        return out.length() > MAX_DETAIL + 80 ? out.substring(0, MAX_DETAIL + 80) + "..." : out;
    }
}
