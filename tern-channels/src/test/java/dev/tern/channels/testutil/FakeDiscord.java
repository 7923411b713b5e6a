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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local Discord for a bot, faithful where the client can tell. The Gateway (v10 JSON) greets with {@code HELLO}, checks
 * the token of {@code IDENTIFY} (a wrong one: close 4004) and answers {@code READY} with a session id and a
 * {@code resume_gateway_url}, acknowledges heartbeats, numbers its dispatches, keeps them so that a {@code RESUME} with the
 * session id and a sequence number replays what came after it, and can ask for a reconnect (op 7). The REST API takes
 * {@code POST /channels/{id}/messages} (2 000 characters at most) and {@code /typing} with {@code Bot <token>}, and can
 * answer 429 with {@code retry_after}.
 */
public final class FakeDiscord implements AutoCloseable {

    public static final String BOT_USER = "1000000000000000001";
    private static final String SESSION = "session-abc";

    private record Dispatch(String type, ObjectNode d) { }

    /** One REST call as the server saw it. */
    public record Call(String path, JsonNode body, Instant at, int status) { }

    private final String token;
    private final HttpServer http;
    private final WebServer gateway;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();   // what the client sent on the gateway
    private final List<Dispatch> dispatched = new ArrayList<>();            // every dispatch, index = seq - 1
    private final AtomicLong ids = new AtomicLong(1_200_000_000_000_000_000L);
    private volatile WsSession session;
    private volatile boolean ready;
    private volatile double rateLimitNext;   // seconds of the next message's 429, 0 = none
    private int connections;

    public FakeDiscord(String token) throws IOException {
        this.token = token;
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/api/v10/", this::serve);
        http.start();
        gateway = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .addRouting(WsRouting.builder().endpoint("/gateway", new Gateway())).build().start();
    }

    public String apiBase() { return "http://127.0.0.1:" + http.getAddress().getPort() + "/api/v10"; }

    public String gatewayUrl() { return "ws://127.0.0.1:" + gateway.port() + "/gateway?v=10&encoding=json"; }

    public List<Call> calls(String suffix) { return calls.stream().filter(c -> c.path().endsWith(suffix)).toList(); }

    /** The bodies of the messages the bot created, in order. */
    public List<JsonNode> messages() {
        return calls("/messages").stream().filter(c -> c.status() == 200).map(Call::body).toList();
    }

    /** The gateway payloads the client sent with opcode {@code op}. */
    public List<JsonNode> sent(int op) { return received.stream().filter(p -> p.path("op").asInt() == op).toList(); }

    public synchronized int connections() { return connections; }

    /** Whether a session is identified or resumed on the open connection. */
    public boolean ready() { return ready; }

    /** The next message the bot creates gets a 429 asking to wait {@code seconds}. */
    public void rateLimitNext(double seconds) { rateLimitNext = seconds; }

    /**
     * Someone writes: a {@code MESSAGE_CREATE} dispatch, sent now if a session is ready (else kept for a resume).
     *
     * @param guildId null for a direct message
     * @return the message's id
     */
    public String userWrites(String channelId, String guildId, String authorId, String username, String content, boolean bot) {
        ObjectNode d = Json.object();
        String id = Long.toString(ids.incrementAndGet());
        d.put("id", id);
        d.put("type", 0);
        d.put("channel_id", channelId);
        if (guildId != null) d.put("guild_id", guildId);
        d.put("content", content);
        ObjectNode author = d.putObject("author");
        author.put("id", authorId);
        author.put("username", username);
        if (bot) author.put("bot", true);
        ArrayNode mentions = d.putArray("mentions");
        if (content.contains("<@" + BOT_USER + ">")) mentions.addObject().put("id", BOT_USER).put("username", "tern").put("bot", true);
        dispatch("MESSAGE_CREATE", d);
        return id;
    }

    /** The gateway asks the client to reconnect and resume (op 7). */
    public void askToReconnect() { frame(7, null, null, null); }

    /** The gateway goes away (close 1001, as when Discord restarts a gateway node): a client resumes elsewhere. */
    public void goAway() {
        WsSession s = session;
        ready = false;
        if (s != null) s.close(1001, "going away");
    }

    private synchronized void dispatch(String type, ObjectNode d) {
        dispatched.add(new Dispatch(type, d));
        if (ready) frame(0, type, d, (long) dispatched.size());
    }

    private synchronized void frame(int op, String type, JsonNode d, Long seq) {
        ObjectNode p = Json.object();
        p.put("op", op);
        if (d == null) p.putNull("d");
        else p.set("d", d);
        if (seq == null) p.putNull("s");
        else p.put("s", seq);
        if (type == null) p.putNull("t");
        else p.put("t", type);
        WsSession s = session;
        if (s != null) s.send(Json.write(p), true);
    }

    private final class Gateway implements WsListener {
        @Override
        public void onOpen(WsSession s) {
            synchronized (FakeDiscord.this) {
                session = s;
                ready = false;
                connections++;
                ObjectNode hello = Json.object();
                hello.put("heartbeat_interval", 300);
                frame(10, null, hello, null);
            }
        }

        @Override
        public void onMessage(WsSession s, String text, boolean last) {
            JsonNode p = Json.parse(text);
            received.add(p);
            JsonNode d = p.path("d");
            switch (p.path("op").asInt()) {
                case 1 -> frame(11, null, null, null);
                case 2 -> {
                    if (!d.path("token").asString("").equals(token)) {
                        s.close(4004, "Authentication failed.");
                        return;
                    }
                    ObjectNode ready = Json.object();
                    ready.put("v", 10);
                    ready.put("session_id", SESSION);
                    ready.put("resume_gateway_url", "ws://127.0.0.1:" + gateway.port() + "/gateway");
                    ready.putObject("user").put("id", BOT_USER).put("username", "tern").put("bot", true);
                    synchronized (FakeDiscord.this) {
                        dispatched.add(new Dispatch("READY", ready));
                        frame(0, "READY", ready, (long) dispatched.size());
                        FakeDiscord.this.ready = true;
                    }
                }
                case 6 -> {
                    if (!d.path("session_id").asString("").equals(SESSION) || !d.path("token").asString("").equals(token)) {
                        frame(9, null, Json.parse("false"), null);
                        return;
                    }
                    synchronized (FakeDiscord.this) {   // replay what came after the client's sequence number
                        for (int i = (int) d.path("seq").asLong(); i < dispatched.size(); i++) {
                            Dispatch e = dispatched.get(i);
                            frame(0, e.type(), e.d(), (long) i + 1);
                        }
                        ObjectNode resumed = Json.object();
                        dispatched.add(new Dispatch("RESUMED", resumed));
                        frame(0, "RESUMED", resumed, (long) dispatched.size());
                        FakeDiscord.this.ready = true;
                    }
                }
                default -> { }
            }
        }

        @Override
        public void onClose(WsSession s, int status, String reason) {
            if (session == s) {
                session = null;
                ready = false;
            }
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().substring("/api/v10".length());
        byte[] in = ex.getRequestBody().readAllBytes();
        JsonNode body = in.length == 0 ? Json.object() : Json.parse(new String(in, StandardCharsets.UTF_8));
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        int status;
        ObjectNode out = Json.object();
        if (!("Bot " + token).equals(auth)) {
            status = 401;
            out.put("message", "401: Unauthorized").put("code", 0);
        } else if (path.endsWith("/typing")) {
            status = 204;
        } else if (path.endsWith("/messages") && rateLimitNext > 0) {
            status = 429;
            out.put("message", "You are being rate limited.").put("retry_after", rateLimitNext).put("global", false);
            rateLimitNext = 0;
        } else if (path.endsWith("/messages")) {
            String content = body.path("content").asString("");
            if (content.isEmpty() || content.length() > 2000) {
                status = 400;
                out.put("message", "Invalid Form Body").put("code", 50035);
            } else {
                status = 200;
                out.put("id", Long.toString(ids.incrementAndGet())).put("content", content);
            }
        } else {
            status = 404;
            out.put("message", "404: Not Found").put("code", 0);
        }
        calls.add(new Call(path, body, Instant.now(), status));
        byte[] bytes = status == 204 ? new byte[0] : Json.write(out).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(bytes);
        }
    }

    @Override
    public void close() {
        gateway.stop();
        http.stop(0);
    }
}
