package dev.tern.mcp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tern.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A small Streamable HTTP MCP server on loopback, scripted for transport tests: initialize answers
 * JSON with a new session id, notifications get 202, tools/list answers an SSE stream (a comment, an
 * id, and the message split over two {@code data} lines), tools/call answers JSON ({@code echo}) or
 * HTTP 500 ({@code fail}), GET gets 405 (or a stream, see {@link #streamOnGet}), DELETE ends the
 * session, and a forgotten session gets 404.
 * It records every request.
 */
final class LoopbackMcpServer implements AutoCloseable {

    /** One request as the server saw it. */
    record Seen(String method, String rpc, String sessionId, String protocolVersion, String accept, String auth,
                int status) { }

    static final String PROTOCOL = "2025-06-18";

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sessions = new AtomicInteger();
    private final HttpServer server;
    private final CountDownLatch closing = new CountDownLatch(1);
    /** True: GET opens a stream that says tools/list_changed and stays open (until the client or the server ends it). */
    volatile boolean streamOnGet;

    LoopbackMcpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/mcp", this::handle);
        server.start();
    }

    String url() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp"; }

    /** Forgets every session, as a restarted server does: requests with their ids get 404. */
    void forgetSessions() { live.clear(); }

    List<Seen> seen(String method, String rpc) {
        return seen.stream().filter(s -> s.method().equals(method) && (rpc == null || rpc.equals(s.rpc()))).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String sid = ex.getRequestHeaders().getFirst("Mcp-Session-Id");
            JsonNode msg = ex.getRequestMethod().equals("POST")
                    ? Json.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)) : null;
            String rpc = msg == null ? null : msg.path("method").asString(msg.has("result") ? "response" : "?");
            int status = answer(ex, msg, rpc, sid);
            seen.add(new Seen(ex.getRequestMethod(), rpc, sid, ex.getRequestHeaders().getFirst("MCP-Protocol-Version"),
                    ex.getRequestHeaders().getFirst("Accept"), ex.getRequestHeaders().getFirst("Authorization"), status));
        }
    }

    private int answer(HttpExchange ex, JsonNode msg, String rpc, String sid) throws IOException {
        boolean initialize = "initialize".equals(rpc);
        if (!initialize && sid != null && !live.contains(sid)) return send(ex, 404, "text/plain", "unknown session " + sid);
        switch (ex.getRequestMethod()) {
            case "GET" -> {
                if (!streamOnGet) return send(ex, 405, "text/plain", "no stream here");
                ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                ex.getResponseBody().write(("id: g-1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                ex.getResponseBody().flush();
                try {
                    closing.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 200;
            }
            case "DELETE" -> {
                live.remove(sid);
                return send(ex, 200, null, "");
            }
            default -> { }
        }
        if (!msg.has("id")) return send(ex, 202, null, "");
        String id = Json.write(msg.get("id"));
        return switch (rpc) {
            case "initialize" -> {
                String session = "s-" + sessions.incrementAndGet();
                live.add(session);
                ex.getResponseHeaders().add("Mcp-Session-Id", session);
                yield send(ex, 200, "application/json", result(id, """
                        {"protocolVersion":"%s","capabilities":{"tools":{}},"serverInfo":{"name":"loopback","version":"1"}}"""
                        .formatted(PROTOCOL)));
            }
            case "tools/list" -> sse(ex, id);
            case "tools/call" -> {
                String text = msg.path("params").path("arguments").path("text").asString("");
                if (msg.path("params").path("name").asString().equals("fail")) {
                    yield send(ex, 500, "text/plain", "upstream exploded\n  while calling fail");
                }
                yield send(ex, 200, "application/json; charset=utf-8",
                        result(id, "{\"content\":[{\"type\":\"text\",\"text\":\"echo: " + text + "\"}]}"));
            }
            default -> send(ex, 200, "application/json", result(id, "{}"));
        };
    }

    /** tools/list as an SSE stream: a keep-alive comment, then one event whose JSON is split over two data lines. */
    private static int sse(HttpExchange ex, String id) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        String tools = """
                {"name":"echo","description":"echoes","inputSchema":{"type":"object","properties":{"text":{"type":"string"}}}},\
                {"name":"fail","description":"fails","inputSchema":{"type":"object"}}""";
        OutputStream out = ex.getResponseBody();
        out.write((": keep-alive\n\n"
                + "id: ev-1\r\nevent: message\r\n"
                + "data: {\"jsonrpc\":\"2.0\",\"id\":" + id + ",\n"
                + "data: \"result\":{\"tools\":[" + tools + "]}}\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return 200;
    }

    private static String result(String id, String result) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
    }

    private static int send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (type != null) ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) ex.getResponseBody().write(b);
        return status;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }

    static Map<String, String> auth() { return Map.of("Authorization", "Bearer loop"); }
}
