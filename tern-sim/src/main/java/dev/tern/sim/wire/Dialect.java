package dev.tern.sim.wire;

import dev.tern.sim.engine.RateLimiter;
import dev.tern.sim.engine.Reply;
import dev.tern.sim.http.HttpRequest;
import java.util.List;
import java.util.Map;

/** One provider wire format: validation, error shape, responses and headers. */
public interface Dialect {

    /** Short name for stats ("openai", "anthropic"). */
    String name();

    /** @return null when the request may proceed, else the error to answer (auth, required headers) */
    WireError checkHeaders(HttpRequest request, String apiKey);

    /** Parses and validates the body. */
    default ParsedChat parse(HttpRequest request) throws WireError { return parseBody(request.body()); }

    /** Parses and validates a request body (an HTTP body or the body of a batch item). */
    ParsedChat parseBody(byte[] body) throws WireError;

    /**
     * The real API's error for a prompt longer than the context window, or null when it fits.
     *
     * @param inputTokens estimated input tokens
     * @param maxTokens   requested output cap, nullable
     * @param window      context window in tokens (&gt; 0)
     */
    WireError contextExceeded(long inputTokens, Integer maxTokens, long window);

    /**
     * Error body in this API's shape.
     *
     * @param requestId the request id (Anthropic puts it in the body), nullable
     */
    byte[] error(WireError e, String requestId);

    /** An error event inside an already started SSE stream (terminates the stream). */
    byte[] streamError(WireError e);

    /** The error an injected status fault answers with. */
    WireError statusError(int status);

    /** The 429 for an exceeded rate limit. */
    WireError rateLimited(RateLimiter.Decision d);

    /** Adds this API's rate-limit headers. */
    void rateHeaders(RateLimiter.Decision d, Map<String, String> headers);

    /** Name of the request-id response header. */
    String requestIdHeader();

    /** Complete JSON answer. */
    byte[] full(Reply reply, Billing billing, ParsedChat chat, String id);

    /** Streamed answer as SSE events, including the terminating ones. */
    List<Frame> stream(Reply reply, Billing billing, ParsedChat chat, String id);
}
