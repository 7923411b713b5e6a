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
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local Slack for Socket Mode, faithful where the client can tell: the Web API at {@code /api/<method>} with JSON bodies
 * and bearer tokens ({@code auth.test} and {@code chat.postMessage} take the bot token, {@code apps.connections.open} only
 * the app-level token, as Slack's {@code not_allowed_token_type} says), {@code {"ok": false, "error"}} replies, 429 with
 * {@code Retry-After}; and the WebSocket that {@code apps.connections.open} points to, which greets with {@code hello},
 * carries {@code events_api} envelopes, records the acknowledgements, and asks for a new connection with
 * {@code disconnect} / {@code refresh_requested}.
 */
public final class FakeSlack implements AutoCloseable {

    public static final String BOT_USER = "UBOT";

    /** One Web API call as the server saw it. */
    public record Call(String method, JsonNode body, Instant at, int status, String error) { }

    private record Failure(int status, String error, Long retryAfter) { }

    private final String botToken;
    private final String appToken;
    private final HttpServer http;
    private final WebServer ws;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<JsonNode> posted = new CopyOnWriteArrayList<>();
    private final List<String> acks = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Failure>> failures = new HashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong(1_765_000_000_000_100L);
    private final AtomicLong envelopes = new AtomicLong();
    private volatile WsSession session;
    private volatile WsSession silenced;
    private final AtomicInteger pings = new AtomicInteger();

    public FakeSlack(String botToken, String appToken) throws IOException {
        this.botToken = botToken;
        this.appToken = appToken;
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/api/", this::serve);
        http.start();
        ws = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .addRouting(WsRouting.builder().endpoint("/link", new Socket())).build().start();
    }

    public String apiBase() { return "http://127.0.0.1:" + http.getAddress().getPort() + "/api"; }

    public List<Call> calls() { return List.copyOf(calls); }

    public List<Call> calls(String method) { return calls.stream().filter(c -> c.method().equals(method)).toList(); }

    /** The bodies of the messages posted with {@code chat.postMessage}, in order. */
    public List<JsonNode> posted() { return List.copyOf(posted); }

    /** The envelope ids the client acknowledged, in order. */
    public List<String> acks() { return List.copyOf(acks); }

    /** Pings the client sent. */
    public int pings() { return pings.get(); }

    /**
     * The open connection goes quiet without closing, as one a NAT dropped: nothing more is sent on it and its pings go
     * unanswered. Later connections are answered again.
     */
    public void silence() { silenced = session; }

    /** WebSocket connections opened so far. */
    public int connections() { return connections.get(); }

    /** The next call to {@code method} fails with this status and error (and {@code Retry-After} for a 429). */
    public synchronized void failNext(String method, int status, String error, Long retryAfter) {
        failures.computeIfAbsent(method, k -> new ArrayDeque<>()).add(new Failure(status, error, retryAfter));
    }

    /**
     * A user writes in a conversation: a {@code message} event in an {@code events_api} envelope on the open connection.
     *
     * @param channelType {@code im} for a direct message, {@code channel} for a public channel
     * @return the envelope (its {@code payload.event.ts} is the message's id)
     */
    public ObjectNode userWrites(String channel, String channelType, String user, String text, String threadTs) {
        ObjectNode event = Json.object();
        event.put("type", "message");
        event.put("channel", channel);
        event.put("channel_type", channelType);
        event.put("user", user);
        event.put("text", text);
        event.put("team", "T1");
        long t = clock.incrementAndGet();
        event.put("ts", t / 1_000_000 + "." + String.format("%06d", t % 1_000_000));
        if (threadTs != null) event.put("thread_ts", threadTs);
        return deliver(event, 0);
    }

    /** The same event in a new envelope, as Slack sends what was not acknowledged in time. */
    public ObjectNode redeliver(ObjectNode envelope) {
        return deliver((ObjectNode) envelope.path("payload").path("event"), envelope.path("retry_attempt").asInt() + 1);
    }

    /** Another event type for the same message ({@code app_mention} comes beside {@code message} when the bot is mentioned). */
    public ObjectNode deliverAs(ObjectNode envelope, String type) {
        ObjectNode event = ((ObjectNode) envelope.path("payload").path("event")).deepCopy();
        event.put("type", type);
        event.remove("channel_type");
        return deliver(event, 0);
    }

    /** Any event in a new envelope (a bot's message, an edit). */
    public ObjectNode deliver(ObjectNode event, int retryAttempt) {
        ObjectNode env = Json.object();
        env.put("envelope_id", "env-" + envelopes.incrementAndGet());
        env.put("type", "events_api");
        env.put("accepts_response_payload", false);
        env.put("retry_attempt", retryAttempt);
        env.put("retry_reason", retryAttempt == 0 ? "" : "timeout");
        ObjectNode payload = env.putObject("payload");
        payload.put("type", "event_callback");
        payload.put("team_id", "T1");
        payload.put("event_id", "Ev" + event.path("ts").asString().replace(".", ""));
        payload.set("event", event);
        send(env);
        return env;
    }

    /** Slack asks the client to connect again (it does so every few hours). */
    public void askToReconnect() {
        ObjectNode d = Json.object();
        d.put("type", "disconnect");
        d.put("reason", "refresh_requested");
        d.putObject("debug_info").put("host", "applink-fake");
        send(d);
    }

    private void send(ObjectNode frame) {
        WsSession s = session;
        if (s == null) throw new IllegalStateException("no Socket Mode connection is open");
        synchronized (this) {
            s.send(Json.write(frame), true);
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        String method = ex.getRequestURI().getPath().substring("/api/".length());
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
        byte[] in = ex.getRequestBody().readAllBytes();
        JsonNode body = in.length == 0 ? Json.object() : Json.parse(new String(in, StandardCharsets.UTF_8));
        Failure f;
        synchronized (this) {
            Deque<Failure> q = failures.get(method);
            f = q == null ? null : q.poll();
        }
        if (f != null) {
            if (f.retryAfter() != null) ex.getResponseHeaders().add("Retry-After", Long.toString(f.retryAfter()));
            reply(ex, method, body, f.status(), f.error(), null);
            return;
        }
        ObjectNode ok = Json.object();
        ok.put("ok", true);
        switch (method) {
            case "auth.test" -> {
                if (!token.equals(botToken)) { reply(ex, method, body, 200, "invalid_auth", null); return; }
                ok.put("user_id", BOT_USER).put("bot_id", "BBOT").put("team_id", "T1").put("user", "tern");
            }
            case "apps.connections.open" -> {
                if (token.equals(botToken)) { reply(ex, method, body, 200, "not_allowed_token_type", null); return; }
                if (!token.equals(appToken)) { reply(ex, method, body, 200, "invalid_auth", null); return; }
                ok.put("url", "ws://127.0.0.1:" + ws.port() + "/link?ticket=" + (connections.get() + 1));
            }
            case "chat.postMessage" -> {
                if (!token.equals(botToken)) { reply(ex, method, body, 200, "invalid_auth", null); return; }
                if (body.path("channel").asString("").isEmpty()) { reply(ex, method, body, 200, "channel_not_found", null); return; }
                if (body.path("text").asString("").isEmpty()) { reply(ex, method, body, 200, "no_text", null); return; }
                posted.add(body);
                ok.put("channel", body.get("channel").asString());
                long t = clock.incrementAndGet();
                ok.put("ts", t / 1_000_000 + "." + String.format("%06d", t % 1_000_000));
            }
            default -> { reply(ex, method, body, 404, "unknown_method", null); return; }
        }
        reply(ex, method, body, 200, null, ok);
    }

    private void reply(HttpExchange ex, String method, JsonNode body, int status, String error, ObjectNode ok) throws IOException {
        calls.add(new Call(method, body, Instant.now(), status, error));
        ObjectNode r = ok;
        if (r == null) {
            r = Json.object();
            r.put("ok", false);
            r.put("error", error);
        }
        byte[] out = Json.write(r).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }

    private final class Socket implements WsListener {
        @Override
        public void onOpen(WsSession s) {
            session = s;
            connections.incrementAndGet();
            ObjectNode hello = Json.object();
            hello.put("type", "hello");
            hello.put("num_connections", 1);
            hello.putObject("connection_info").put("app_id", "A1");
            synchronized (FakeSlack.this) {
                s.send(Json.write(hello), true);
            }
        }

        @Override
        public void onPing(WsSession s, io.helidon.common.buffers.BufferData data) {
            pings.incrementAndGet();
            if (s != silenced) s.pong(data);
        }

        @Override
        public void onMessage(WsSession s, String text, boolean last) {
            JsonNode n = Json.parse(text);
            if (n.hasNonNull("envelope_id")) acks.add(n.get("envelope_id").asString());
        }

        @Override
        public void onClose(WsSession s, int status, String reason) {
            if (session == s) session = null;
        }
    }

    @Override
    public void close() {
        ws.stop();
        http.stop(0);
    }
}
