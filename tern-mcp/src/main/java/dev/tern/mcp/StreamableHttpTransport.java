package dev.tern.mcp;

import dev.tern.http.Abort;
import dev.tern.http.HttpTransport;
import dev.tern.http.SseParser;
import dev.tern.http.TransportRequest;
import dev.tern.http.TransportResponse;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransportException;
import io.modelcontextprotocol.spec.McpTransportSessionClosedException;
import io.modelcontextprotocol.spec.McpTransportSessionNotFoundException;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * MCP's Streamable HTTP transport on Tern's own HTTP client ({@link HttpTransport}), so MCP servers
 * share the process's one connection pool instead of a private JDK HttpClient each. Every JSON-RPC
 * message is a POST ({@code Accept: application/json, text/event-stream}); the answer is one JSON
 * message (or a batch), an SSE stream of messages, or 202 Accepted. The {@code Mcp-Session-Id} the
 * server gives with the initialize answer, and the negotiated {@code MCP-Protocol-Version}, go with
 * every later request; once the session is initialized the optional GET stream of server-initiated
 * messages is opened ({@link ServerStream}); closing aborts every open exchange and sends DELETE.
 *
 * <p>A 404 to a request carrying the session id means the server forgot the session: it fails with the
 * SDK's {@link McpTransportSessionNotFoundException}, and so does every later message, without a
 * request: the session is over, and {@link McpConnection} opens a new client on a new transport (and
 * lists the tools again). The SDK's exception handler is not told of it, since its re-initialization
 * on this client would race that reconnect; it hears of the GET stream failing for good. Each
 * blocking exchange runs on its own virtual thread: no Reactor thread ever blocks.
 */
final class StreamableHttpTransport implements McpClientTransport {

    private static final Logger LOG = Logger.getLogger(StreamableHttpTransport.class.getName());
    static final List<String> PROTOCOL_VERSIONS =
            List.of(ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);
    /** The largest message (or SSE event) accepted. */
    static final int MAX_MESSAGE = 16 * 1024 * 1024;
    private static final Set<String> OWN_HEADERS = Set.of("accept", "content-type", "content-length", "host",
            "mcp-session-id", "mcp-protocol-version", "last-event-id");

    final HttpTransport http;
    final URI endpoint;
    final McpJsonMapper mapper;
    private final List<String> configured;
    private final Duration requestTimeout;
    private final Set<Abort> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ServerStream stream;
    private volatile Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler = m -> Mono.empty();
    private volatile Consumer<Throwable> exceptionHandler = t -> { };
    private volatile Consumer<String> onExpired = r -> { };
    private volatile String sessionId;
    private volatile String protocolVersion;
    private volatile String expired;

    /**
     * @param headers        sent with every request (the server config's {@code headers})
     * @param requestTimeout bound on waiting for the answer's headers and on silence within a POST's answer
     */
    StreamableHttpTransport(HttpTransport http, URI endpoint, Map<String, String> headers, McpJsonMapper mapper,
                            Duration requestTimeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.mapper = mapper;
        this.requestTimeout = requestTimeout;
        List<String> h = new ArrayList<>();
        headers.forEach((k, v) -> {
            if (!OWN_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                h.add(k);
                h.add(v);
            }
        });
        this.configured = List.copyOf(h);
        this.stream = new ServerStream(this);
    }

    @Override
    public List<String> protocolVersions() { return PROTOCOL_VERSIONS; }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        return Mono.empty();
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        this.exceptionHandler = handler == null ? t -> { } : handler;
    }

    /** Told (once, with a one-line reason) when the server forgot the session outside a request: on the GET stream. */
    void onSessionExpired(Consumer<String> listener) { this.onExpired = listener == null ? r -> { } : listener; }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) { return mapper.convertValue(data, typeRef); }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return Mono.create(sink -> {
            if (closed.get()) {
                sink.error(new McpTransportSessionClosedException("the MCP connection to " + endpoint + " is closed"));
                return;
            }
            String gone = expired;
            if (gone != null) {
                sink.error(new McpTransportSessionNotFoundException(gone));
                return;
            }
            String version = sink.contextView().getOrDefault(McpAsyncClient.NEGOTIATED_PROTOCOL_VERSION, protocolVersion);
            Abort abort = track(new Abort());
            sink.onCancel(() -> abort.abort("cancelled"));
            Thread.ofVirtual().name("mcp-http-post").start(() -> {
                Delivery d = new Delivery(sink);
                try {
                    post(message, version, abort, d);
                } catch (IOException | RuntimeException e) {
                    d.fail(closed.get() ? new McpTransportSessionClosedException("the MCP connection to " + endpoint
                            + " was closed") : error("POST to " + endpoint, e));
                } finally {
                    open.remove(abort);
                    d.done();
                }
            });
        });
    }

    private void post(McpSchema.JSONRPCMessage message, String version, Abort abort, Delivery d) throws IOException {
        McpSchema.JSONRPCRequest request = message instanceof McpSchema.JSONRPCRequest r ? r : null;
        boolean initialize = request != null && McpSchema.METHOD_INITIALIZE.equals(request.method());
        String sid = initialize ? null : sessionId;
        List<String> h = headers(sid, initialize ? null : version, "application/json, text/event-stream");
        h.add("content-type");
        h.add("application/json");
        TransportRequest req = TransportRequest.post(endpoint, h, TransportRequest.Body.of(mapper.writeValueAsBytes(message)),
                new TransportRequest.Timeouts(null, requestTimeout, requestTimeout));
        String what = request != null ? request.method()
                : message instanceof McpSchema.JSONRPCNotification n ? n.method() : "a response";
        try (TransportResponse r = http.send(req, abort)) {
            int status = r.status();
            if (status == 404 && sid != null) {
                d.fail(expire(sid, what));
                return;
            }
            if (status < 200 || status > 299) {
                d.fail(new McpTransportException(HttpErrors.status(r, "POST " + what + " to " + endpoint)));
                return;
            }
            if (initialize) {
                String given = r.headers().first("mcp-session-id");
                if (given != null && !given.isBlank()) sessionId = given.strip();
            }
            if (McpSchema.METHOD_NOTIFICATION_INITIALIZED.equals(what) && sessionId != null) stream.start();
            String type = HttpErrors.contentType(r);
            if (status == 202 || type.isEmpty() || "0".equals(r.headers().first("content-length"))) {
                d.succeed();
            } else if (type.startsWith("text/event-stream")) {
                if (request == null) d.succeed();
                // the server closes the stream after the answer: stop reading there
                if (new SseParser(r.body(), MAX_MESSAGE, false).run(e -> !dispatch(e, request, initialize))) {
                    d.succeed();
                    return;
                }
                if (request != null) {
                    d.fail(new McpTransportException("the MCP server at " + endpoint + " ended the event stream of "
                            + what + " without answering it"));
                }
            } else if (type.startsWith("application/json")) {
                byte[] body = r.body().readNBytes(MAX_MESSAGE + 1);
                if (body.length > MAX_MESSAGE) throw new IOException("answer to " + what + " larger than " + MAX_MESSAGE + " bytes");
                for (McpSchema.JSONRPCMessage m : parse(new String(body, StandardCharsets.UTF_8))) deliver(m, request, initialize);
                d.succeed();
            } else {
                d.fail(new McpTransportException("the MCP server at " + endpoint + " answered " + what
                        + " with unexpected content type '" + type + "' (HTTP " + status + ")"));
            }
        }
    }

    /** Hands the messages of one SSE event to the client; true when one of them answers {@code request}. */
    boolean dispatch(SseParser.Event e, McpSchema.JSONRPCRequest request, boolean initialize) throws IOException {
        if (!"message".equals(e.event()) || e.data().isBlank()) return false; // other events; empty priming events
        boolean answered = false;
        for (McpSchema.JSONRPCMessage m : parse(e.data())) answered |= deliver(m, request, initialize);
        return answered;
    }

    private boolean deliver(McpSchema.JSONRPCMessage m, McpSchema.JSONRPCRequest request, boolean initialize) {
        boolean answer = request != null && m instanceof McpSchema.JSONRPCResponse r
                && String.valueOf(request.id()).equals(String.valueOf(r.id()));
        if (answer && initialize && ((McpSchema.JSONRPCResponse) m).result() instanceof Map<?, ?> result
                && result.get("protocolVersion") instanceof String v) {
            protocolVersion = v;
        }
        try {
            handler.apply(Mono.just(m)).subscribe(x -> { }, t -> LOG.log(Level.FINE, "handling an MCP message failed", t));
        } catch (RuntimeException t) {
            LOG.log(Level.FINE, "handling an MCP message failed", t);
        }
        return answer;
    }

    /** One message or a batch. */
    List<McpSchema.JSONRPCMessage> parse(String json) throws IOException {
        String s = json.strip();
        if (!s.startsWith("[")) return List.of(McpSchema.deserializeJsonRpcMessage(mapper, s));
        List<McpSchema.JSONRPCMessage> out = new ArrayList<>();
        for (Object item : mapper.readValue(s, new TypeRef<List<Object>>() { })) {
            out.add(McpSchema.deserializeJsonRpcMessage(mapper, mapper.writeValueAsString(item)));
        }
        return out;
    }

    /** The configured headers, then ours. */
    List<String> headers(String sid, String version, String accept) {
        List<String> h = new ArrayList<>(configured.size() + 10);
        h.addAll(configured);
        h.add("accept");
        h.add(accept);
        if (sid != null) {
            h.add("mcp-session-id");
            h.add(sid);
        }
        if (version != null) {
            h.add("mcp-protocol-version");
            h.add(version);
        }
        return h;
    }

    String sessionId() { return sessionId; }

    String protocolVersion() { return protocolVersion; }

    boolean closed() { return closed.get() || expired != null; }

    /** Registers an exchange's abort, fired by {@link #closeGracefully} (at once if that already happened). */
    Abort track(Abort a) {
        open.add(a);
        if (closed.get()) a.abort("the MCP connection was closed");
        return a;
    }

    void untrack(Abort a) { open.remove(a); }

    /** Ends the session {@code sid} for good (once); the error every later message gets. */
    McpTransportSessionNotFoundException expire(String sid, String what) {
        synchronized (this) {
            if (expired == null) {
                expired = "the MCP server at " + endpoint + " no longer knows session " + sid
                        + " (HTTP 404 to " + what + "); it needs a new session";
            }
        }
        return new McpTransportSessionNotFoundException(expired);
    }

    /** The GET stream found the session gone: tell the owner, so it drops the session and the next call reconnects. */
    void expiredOnStream(String sid) {
        boolean first = expired == null;
        McpTransportSessionNotFoundException e = expire(sid, "the GET stream");
        if (first) onExpired.accept(e.getMessage());
    }

    /** Reported to the SDK's exception handler (a failing GET stream: requests still work). */
    void report(Throwable t) {
        try {
            exceptionHandler.accept(t);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "MCP exception handler failed", e);
        }
    }

    static McpTransportException error(String method, Throwable e) {
        if (e instanceof McpTransportException m) return m;
        String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : McpConnection.oneLine(e.getMessage());
        return new McpTransportException(method + " failed: " + m, e);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.create(sink -> Thread.ofVirtual().name("mcp-http-close").start(() -> {
            shutdown();
            sink.success();
        }));
    }

    /** Aborts every open exchange (the GET stream, answers being read), then ends the session on the server. */
    private void shutdown() {
        if (!closed.compareAndSet(false, true)) return;
        for (Abort a : open) a.abort("the MCP connection was closed");
        String sid = sessionId;
        if (sid == null || expired != null) return;
        Duration bound = Duration.ofSeconds(5);
        TransportRequest delete = new TransportRequest("DELETE", endpoint, headers(sid, protocolVersion, "application/json, text/event-stream"),
                null, new TransportRequest.Timeouts(bound, bound, bound));
        try (TransportResponse r = http.send(delete, new Abort())) {
            if (r.status() / 100 != 2 && r.status() != 405) LOG.fine(HttpErrors.status(r, "DELETE of MCP session " + sid));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "DELETE of MCP session " + sid + " at " + endpoint + " failed: " + e);
        }
    }

    /** The outcome of one {@link #sendMessage}: reported once; the first word counts. */
    private static final class Delivery {
        private final MonoSink<Void> sink;
        private final AtomicBoolean reported = new AtomicBoolean();

        Delivery(MonoSink<Void> sink) { this.sink = sink; }

        void succeed() {
            if (reported.compareAndSet(false, true)) sink.success();
        }

        void fail(Throwable t) {
            if (reported.compareAndSet(false, true)) sink.error(t);
            else LOG.log(Level.FINE, "after delivery: " + t.getMessage());
        }

        void done() { succeed(); }
    }
}
