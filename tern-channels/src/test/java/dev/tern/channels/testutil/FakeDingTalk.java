package dev.tern.channels.testutil;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tern.json.Json;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local DingTalk for a Stream Mode bot, faithful where the client can tell: {@code POST /v1.0/gateway/connections/open}
 * checks the client id and secret (401 otherwise) and gives a WebSocket endpoint with a one-time ticket; the WebSocket
 * sends {@code CALLBACK} frames of bot messages (data: the message JSON, with a {@code sessionWebhook} that points back
 * here) and {@code SYSTEM} {@code ping} / {@code disconnect} frames, and records the acknowledgements; the session webhook
 * takes Markdown answers ({@code {"errcode": 0}}) and can answer {@code 130101} (sending too fast).
 */
public final class FakeDingTalk implements AutoCloseable {

    private final String clientId;
    private final String clientSecret;
    private final HttpServer http;
    private final WebServer stream;
    private final List<JsonNode> acks = new CopyOnWriteArrayList<>();
    private final List<JsonNode> answers = new CopyOnWriteArrayList<>();
    private final List<String> tickets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private volatile WsSession session;
    private volatile boolean tooFastNext;
    private volatile long windowMillis = 3_600_000;
    private final List<JsonNode> robotSends = new CopyOnWriteArrayList<>();
    private volatile String accessToken;

    public FakeDingTalk(String clientId, String clientSecret) throws IOException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", this::serve);
        http.start();
        stream = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .addRouting(WsRouting.builder().endpoint("/connect", new Stream())).build().start();
    }

    public String apiBase() { return "http://127.0.0.1:" + http.getAddress().getPort(); }

    /** The acknowledgements the client sent, in order. */
    public List<JsonNode> acks() { return List.copyOf(acks); }

    /** The bodies posted to session webhooks, each with the {@code session} it was posted to. */
    public List<JsonNode> answers() { return List.copyOf(answers); }

    /** The tickets handed out by {@code connections/open}. */
    public List<String> tickets() { return List.copyOf(tickets); }

    public int connections() { return connections.get(); }

    /** The messages written first through the robot OpenAPI, each with the {@code path} it was posted to. */
    public List<JsonNode> robotSends() { return List.copyOf(robotSends); }

    /** How long the reply window of the next messages stays open (0: closed at once). */
    public void replyWindow(long millis) { windowMillis = millis; }

    /** The next answer gets errcode 130101, "send too fast". */
    public void tooFastNext() { tooFastNext = true; }

    /**
     * Someone writes to the bot: a {@code CALLBACK} frame on the open connection.
     *
     * @param conversationType {@code "1"} a direct message, {@code "2"} a group (where DingTalk delivers @-mentions only)
     * @return the frame's message id
     */
    public String userWrites(String conversationId, String conversationType, String staffId, String nick, String text, String msgId) {
        ObjectNode d = Json.object();
        d.put("conversationId", conversationId);
        d.put("conversationType", conversationType);
        d.put("msgId", msgId);
        d.put("senderNick", nick);
        d.put("senderStaffId", staffId);
        d.put("senderId", "$:LWCP_v1:$" + staffId);
        d.put("chatbotUserId", "$:LWCP_v1:$bot");
        d.put("isInAtList", true);
        d.put("sessionWebhook", apiBase() + "/robot/sendBySession?session=" + conversationId);
        d.put("sessionWebhookExpiredTime", System.currentTimeMillis() + windowMillis);
        d.put("createAt", System.currentTimeMillis());
        d.put("msgtype", "text");
        d.putObject("text").put("content", " " + text);
        return frame("CALLBACK", "/v1.0/im/bot/messages/get", Json.write(d));
    }

    /** The gateway's keep-alive: a {@code SYSTEM ping} whose data the client must send back. */
    public String ping() { return frame("SYSTEM", "ping", "{\"opaque\":\"" + ids.incrementAndGet() + "\"}"); }

    /** The gateway asks the client to connect again elsewhere. */
    public String disconnect() { return frame("SYSTEM", "disconnect", "{\"reason\":\"server restart\"}"); }

    private String frame(String type, String topic, String data) {
        String messageId = "msg-" + ids.incrementAndGet();
        ObjectNode f = Json.object();
        f.put("specVersion", "1.0");
        f.put("type", type);
        ObjectNode h = f.putObject("headers");
        h.put("appId", "app-1").put("connectionId", "conn-" + connections.get()).put("contentType", "application/json")
                .put("messageId", messageId).put("time", Long.toString(System.currentTimeMillis())).put("topic", topic);
        f.put("data", data);
        WsSession s = session;
        if (s == null) throw new IllegalStateException("no stream connection is open");
        synchronized (this) {
            s.send(Json.write(f), true);
        }
        return messageId;
    }

    private final class Stream implements WsListener {
        @Override
        public void onOpen(WsSession s) {
            session = s;
            connections.incrementAndGet();
        }

        @Override
        public void onMessage(WsSession s, String text, boolean last) {
            acks.add(Json.parse(text));
        }

        @Override
        public void onClose(WsSession s, int status, String reason) {
            if (session == s) session = null;
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        byte[] in = ex.getRequestBody().readAllBytes();
        JsonNode body = in.length == 0 ? Json.object() : Json.parse(new String(in, StandardCharsets.UTF_8));
        int status = 200;
        ObjectNode out = Json.object();
        if (path.equals("/v1.0/gateway/connections/open")) {
            if (!body.path("clientId").asString("").equals(clientId) || !body.path("clientSecret").asString("").equals(clientSecret)) {
                status = 401;
                out.put("code", "InvalidAuthentication").put("message", "clientId or clientSecret is invalid");
            } else {
                String ticket = "ticket-" + ids.incrementAndGet();
                tickets.add(ticket);
                out.put("endpoint", "ws://127.0.0.1:" + stream.port() + "/connect").put("ticket", ticket);
            }
        } else if (path.equals("/v1.0/oauth2/accessToken")) {
            if (!body.path("appKey").asString("").equals(clientId) || !body.path("appSecret").asString("").equals(clientSecret)) {
                status = 400;
                out.put("code", "invalidClientIdOrSecret").put("message", "invalid appKey or appSecret");
            } else {
                accessToken = "at-" + ids.incrementAndGet();
                out.put("accessToken", accessToken).put("expireIn", 7200);
            }
        } else if (path.startsWith("/v1.0/robot/")) {
            String at = ex.getRequestHeaders().getFirst("x-acs-dingtalk-access-token");
            if (at == null || !at.equals(accessToken)) {
                status = 401;
                out.put("code", "InvalidAuthentication").put("message", "access token is invalid");
            } else {
                ObjectNode a = ((ObjectNode) body).deepCopy();
                a.put("path", path);
                robotSends.add(a);
                out.put("processQueryKey", "q-" + ids.incrementAndGet());
            }
        } else if (path.equals("/robot/sendBySession")) {
            if (tooFastNext) {
                tooFastNext = false;
                out.put("errcode", 130101).put("errmsg", "send too fast");
            } else {
                ObjectNode a = ((ObjectNode) body).deepCopy();
                a.put("session", ex.getRequestURI().getQuery().substring("session=".length()));
                answers.add(a);
                out.put("errcode", 0).put("errmsg", "ok");
            }
        } else {
            status = 404;
            out.put("code", "NotFound").put("message", path);
        }
        byte[] bytes = Json.write(out).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(bytes);
        }
    }

    @Override
    public void close() {
        stream.stop();
        http.stop(0);
    }
}
