package dev.tern.serve.http;

import dev.tern.json.Json;
import dev.tern.serve.openai.ApiError;
import io.helidon.webserver.http.ServerRequest;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads request bodies with a size limit and a deadline: a client that stops sending is cut off after
 * {@code timeout} (the reading virtual thread is interrupted, which closes its socket), so a slow client
 * costs one parked virtual thread for a bounded time and never holds anything else up.
 */
public final class BodyReader implements AutoCloseable {

    private final long maxBytes;
    private final Duration timeout;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "tern-serve-body-deadline");
        t.setDaemon(true);
        return t;
    });

    public BodyReader(long maxBytes, Duration timeout) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        // a cancelled deadline leaves the queue at once: kept until it expired, each would hold its request's
        // (finished) virtual thread for the whole timeout, thousands per second under load, all promoted to the old gen
        timer.setRemoveOnCancelPolicy(true);
    }

    public long maxBytes() { return maxBytes; }

    /** The body, at most {@link #maxBytes()} (413 above), read within the deadline. */
    public byte[] bytes(ServerRequest req) { return bytes(req, maxBytes); }

    /** The body, at most {@code max} bytes, read within the deadline. */
    public byte[] bytes(ServerRequest req, long max) {
        Thread reader = Thread.currentThread();
        ScheduledFuture<?> deadline = timer.schedule(reader::interrupt, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return Http.body(req, max);
        } finally {
            deadline.cancel(false);
            if (Thread.interrupted()) {
                throw new ApiError(408, "invalid_request_error", "request_timeout", null,
                        "the request body did not arrive within " + timeout.toSeconds() + " s", 0);
            }
        }
    }

    /** The body as JSON (400 for empty, malformed or bad UTF-8). */
    public JsonNode json(ServerRequest req) {
        byte[] b = bytes(req);
        if (b.length == 0) throw ApiError.badRequest(null, "The request body is empty: send a JSON object");
        try {
            return Json.MAPPER.readTree(b);
        } catch (JacksonException e) {
            throw ApiError.badRequest(null, "The request body is not valid JSON: " + Http.oneLine(e.getOriginalMessage()));
        }
    }

    @Override
    public void close() { timer.shutdownNow(); }
}
