package dev.tern.serve.mcp;

import dev.tern.serve.http.Caller;
import dev.tern.serve.http.Http;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * MCP's Streamable HTTP transport on the gateway's Helidon server ({@code /mcp}): {@code POST} carries JSON-RPC
 * messages (a request is answered as an SSE stream with its progress notifications and then its response),
 * {@code GET} opens the session's listening stream, {@code DELETE} ends the session. Blocking handlers on
 * virtual threads. Sessions belong to the user who initialised them: another user's session id is 404.
 */
public final class McpHttpTransport implements McpStreamableServerTransportProvider {

    private static final Logger LOG = Logger.getLogger(McpHttpTransport.class.getName());
    static final HeaderName SESSION = HeaderNames.create("Mcp-Session-Id");
    static final String CALLER = "tern.caller";

    private final Map<String, McpStreamableServerSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private final dev.tern.serve.http.BodyReader body;
    private volatile McpStreamableServerSession.Factory factory;
    private volatile boolean closing;

    public McpHttpTransport(dev.tern.serve.http.BodyReader body) { this.body = body; }

    /** The caller of the request a tool call came with. */
    public static Caller caller(McpTransportContext ctx) { return (Caller) ctx.get(CALLER); }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory f) { this.factory = f; }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Flux.fromIterable(sessions.values()).flatMap(s -> s.sendNotification(method, params).onErrorComplete()).then();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            closing = true;
            sessions.values().forEach(McpStreamableServerSession::close);
            sessions.clear();
            owners.clear();
        });
    }

    /** Sessions open now. */
    public int sessions() { return sessions.size(); }

    /** {@code /mcp} behind the gateway's authentication. */
    public void handle(ServerRequest req, ServerResponse res, Caller caller) throws Exception {
        if (closing) {
            rpcError(res, 503, "the server is shutting down");
            return;
        }
        Method m = req.prologue().method();
        McpTransportContext ctx = McpTransportContext.create(Map.of(CALLER, caller));
        if (m == Method.POST) post(req, res, caller, ctx);
        else if (m == Method.GET) listen(req, res, caller, ctx);
        else if (m == Method.DELETE) delete(req, res, caller);
        else {
            res.header(HeaderNames.ALLOW, "GET, POST, DELETE");
            rpcError(res, 405, "use POST, GET or DELETE");
        }
    }

    private void post(ServerRequest req, ServerResponse res, Caller caller, McpTransportContext ctx) throws Exception {
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(McpTools.MAPPER, new String(body.bytes(req), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            if (e instanceof dev.tern.serve.openai.ApiError a) throw a;
            rpcError(res, 400, "invalid JSON-RPC message: " + e.getMessage());
            return;
        }
        if (message instanceof McpSchema.JSONRPCRequest r && r.method().equals(McpSchema.METHOD_INITIALIZE)) {
            McpSchema.InitializeRequest init = McpTools.MAPPER.convertValue(r.params(), new TypeRef<McpSchema.InitializeRequest>() { });
            McpStreamableServerSession.McpStreamableServerSessionInit started = factory.startSession(init);
            sessions.put(started.session().getId(), started.session());
            owners.put(started.session().getId(), caller.user().name());
            McpSchema.InitializeResult result = started.initResult().block();
            res.header(SESSION, started.session().getId());
            Http.json(res, 200, McpTools.MAPPER.writeValueAsString(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, r.id(), result, null)));
            return;
        }
        McpStreamableServerSession session = session(req, res, caller);
        if (session == null) return;
        switch (message) {
            case McpSchema.JSONRPCResponse r -> {
                session.accept(r).contextWrite(c -> c.put(McpTransportContext.KEY, ctx)).block();
                res.status(202).send();
            }
            case McpSchema.JSONRPCNotification n -> {
                session.accept(n).contextWrite(c -> c.put(McpTransportContext.KEY, ctx)).block();
                res.status(202).send();
            }
            case McpSchema.JSONRPCRequest r -> {
                SseTransport t = sse(res, session.getId());
                try {
                    session.responseStream(r, t).contextWrite(c -> c.put(McpTransportContext.KEY, ctx)).block();
                } finally {
                    t.close();
                    t.end();
                }
            }
            default -> rpcError(res, 400, "unknown message type");
        }
    }

    private void listen(ServerRequest req, ServerResponse res, Caller caller, McpTransportContext ctx) throws InterruptedException {
        McpStreamableServerSession session = session(req, res, caller);
        if (session == null) return;
        SseTransport t = sse(res, session.getId());
        McpStreamableServerSession.McpStreamableServerSessionStream stream = session.listeningStream(t);
        try {
            while (!t.closed.await(15, TimeUnit.SECONDS) && !closing) {
                if (!t.comment()) break; // the client went away
            }
        } finally {
            stream.close();
            t.close();
            t.end();
        }
    }

    private void delete(ServerRequest req, ServerResponse res, Caller caller) {
        McpStreamableServerSession session = session(req, res, caller);
        if (session == null) return;
        session.delete().block();
        sessions.remove(session.getId());
        owners.remove(session.getId());
        res.status(200).send();
    }

    /** The request's session, or null after answering 400/404 (another user's session is 404 as well). */
    private McpStreamableServerSession session(ServerRequest req, ServerResponse res, Caller caller) {
        String id = req.headers().first(SESSION).orElse(null);
        if (id == null || id.isBlank()) {
            rpcError(res, 400, "Mcp-Session-Id header required (initialize first)");
            return null;
        }
        McpStreamableServerSession s = sessions.get(id);
        if (s == null || !caller.user().name().equals(owners.get(id))) {
            rpcError(res, 404, "session not found: " + id);
            return null;
        }
        return s;
    }

    private static SseTransport sse(ServerResponse res, String sessionId) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(SESSION, sessionId);
        return new SseTransport(res.outputStream(), sessionId);
    }

    private static void rpcError(ServerResponse res, int status, String message) {
        Http.json(res, status, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":"
                + dev.tern.json.Json.write(message) + "}}");
    }

    /** One SSE response stream of a session (a request's answer, or the listening stream). */
    static final class SseTransport implements McpStreamableServerTransport {
        private final OutputStream out;
        private final String sessionId;
        private final ReentrantLock lock = new ReentrantLock();
        final CountDownLatch closed = new CountDownLatch(1);

        SseTransport(OutputStream out, String sessionId) {
            this.out = out;
            this.sessionId = sessionId;
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) { return sendMessage(message, null); }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
            return Mono.fromRunnable(() -> {
                String json;
                try {
                    json = McpTools.MAPPER.writeValueAsString(message);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                write("id: " + (messageId != null ? messageId : sessionId) + "\nevent: message\ndata: " + json + "\n\n");
            });
        }

        boolean comment() { return write(": keep-alive\n\n"); }

        private boolean write(String event) {
            lock.lock();
            try {
                if (closed.getCount() == 0) return false;
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return true;
            } catch (IOException | RuntimeException e) {
                LOG.fine("MCP stream of session " + sessionId + " closed: " + e);
                closed.countDown();
                return false;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) { return McpTools.MAPPER.convertValue(data, typeRef); }

        @Override
        public Mono<Void> closeGracefully() { return Mono.fromRunnable(this::close); }

        @Override
        public void close() { closed.countDown(); }

        /** Ends the HTTP response. */
        void end() {
            lock.lock();
            try {
                out.close();
            } catch (IOException | RuntimeException e) {
                // already gone
            } finally {
                lock.unlock();
            }
        }
    }
}
