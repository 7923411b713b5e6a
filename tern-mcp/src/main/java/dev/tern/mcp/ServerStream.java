package dev.tern.mcp;

import dev.tern.http.Abort;
import dev.tern.http.SseParser;
import dev.tern.http.TransportRequest;
import dev.tern.http.TransportResponse;
import io.modelcontextprotocol.spec.McpTransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The optional GET stream on which a Streamable HTTP server sends requests and notifications of its
 * own, opened once the session is initialized. A 405 means the server has none: fine, never asked
 * again. A stream the server ends is reopened with {@code Last-Event-ID} after the server's
 * {@code retry} (1 s by default); failures back off (1 s, 2 s, 4 s ... 30 s) and after
 * {@value #MAX_FAILURES} in a row without an event the stream is given up (requests still work).
 * A 404 means the server forgot the session. Runs on one virtual thread; closing the transport aborts it.
 */
final class ServerStream {

    private static final Logger LOG = Logger.getLogger(ServerStream.class.getName());
    static final int MAX_FAILURES = 5;
    private static final long MAX_WAIT_MS = 30_000;

    private final StreamableHttpTransport t;
    private final AtomicBoolean started = new AtomicBoolean();

    ServerStream(StreamableHttpTransport transport) { this.t = transport; }

    /** Opens the stream (once per transport). */
    void start() {
        if (started.compareAndSet(false, true)) Thread.ofVirtual().name("mcp-http-get").start(this::run);
    }

    private void run() {
        Abort abort = t.track(new Abort());
        try {
            String lastId = "";
            int failures = 0;
            while (!t.closed()) {
                long retry = 1000;
                boolean events = false;
                Exception failure = null;
                String sid = t.sessionId();
                List<String> headers = t.headers(sid, t.protocolVersion(), "text/event-stream");
                if (!lastId.isEmpty()) {
                    headers.add("last-event-id");
                    headers.add(lastId);
                }
                TransportRequest get = TransportRequest.get(t.endpoint, headers, new TransportRequest.Timeouts(null, Duration.ofSeconds(30), null));
                try (TransportResponse r = t.http.send(get, abort)) {
                    int status = r.status();
                    if (status == 405) {
                        LOG.fine(() -> "MCP server at " + t.endpoint + " offers no GET stream (405)");
                        return;
                    }
                    if (status == 404 && sid != null) {
                        t.expiredOnStream(sid);
                        return;
                    }
                    if (status / 100 != 2) throw new McpTransportException(HttpErrors.status(r, "GET " + t.endpoint));
                    String type = HttpErrors.contentType(r);
                    if (!type.equals("text/event-stream")) {
                        LOG.fine(() -> "MCP server at " + t.endpoint + " answered GET with '" + type + "': no stream");
                        return;
                    }
                    SseParser sse = new SseParser(r.body(), StreamableHttpTransport.MAX_MESSAGE, false);
                    try {
                        sse.run(e -> {
                            t.dispatch(e, null, false);
                            return true;
                        });
                    } finally {
                        events = sse.events() > 0;
                        lastId = sse.lastId();
                        if (sse.retryMillis() >= 0) retry = sse.retryMillis();
                    }
                } catch (IOException | RuntimeException e) {
                    if (t.closed() || abort.isAborted()) return;
                    failure = e;
                    LOG.log(Level.FINE, "MCP GET stream of " + t.endpoint + " failed: " + e.getMessage());
                }
                // a stream that delivered events starts counting afresh; one that ends or fails empty counts
                failures = events ? (failure == null ? 0 : 1) : failures + 1;
                if (failures >= MAX_FAILURES) {
                    if (failure != null) {
                        t.report(StreamableHttpTransport.error("GET stream of " + t.endpoint + " (given up after "
                                + failures + " failures)", failure));
                    } else {
                        LOG.fine(() -> "MCP GET stream of " + t.endpoint + " keeps ending without events: given up");
                    }
                    return;
                }
                long wait = failures == 0 ? retry : Math.min(MAX_WAIT_MS, Math.max(retry, 1000L << Math.min(failures - 1, 5)));
                if (abort.sleep(Duration.ofMillis(wait))) return;
            }
        } finally {
            t.untrack(abort);
        }
    }
}
