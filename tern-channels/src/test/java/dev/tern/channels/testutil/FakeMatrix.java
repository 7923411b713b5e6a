package dev.tern.channels.testutil;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tern.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local Matrix homeserver for one bot account, faithful where the client can tell: {@code /account/whoami} (401
 * {@code M_UNKNOWN_TOKEN} for another token), {@code /sync} that long-polls from a {@code since} token and, without one,
 * gives only the token (the client's filter asks for no history), timelines of the rooms the bot is in, invitations with
 * their {@code invite_state}; {@code /join}; {@code PUT .../send/m.room.message/{txnId}} that keeps one event per
 * transaction id, as homeservers do, and can answer 429 {@code M_LIMIT_EXCEEDED} with {@code retry_after_ms};
 * typing notifications.
 */
public final class FakeMatrix implements AutoCloseable {

    public static final String BOT = "@tern:localhost";
    private static final String PREFIX = "/_matrix/client/v3";

    /** One API call as the server saw it. */
    public record Call(String method, String path, Map<String, String> query, JsonNode body, Instant at, int status) { }

    /** A room's event, or an invitation ({@code inviter} set): each takes one position of the stream. */
    private record Event(String room, ObjectNode event, String inviter) { }

    private final String token;
    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Event> timeline = new ArrayList<>();          // index = position in the stream
    private final Set<String> joined = new HashSet<>();
    private final Map<String, String> transactions = new HashMap<>();
    private final List<JsonNode> sent = new CopyOnWriteArrayList<>();
    private long rateLimitNextMs;
    private long ids;

    public FakeMatrix(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(PREFIX + "/", this::serve);
        server.start();
    }

    public String homeserver() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    public List<Call> calls(String pathPart) { return calls.stream().filter(c -> c.path().contains(pathPart)).toList(); }

    /** The contents of the events the bot sent (one per transaction), in order. */
    public List<JsonNode> sent() { return List.copyOf(sent); }

    public synchronized Set<String> joined() { return Set.copyOf(joined); }

    /** The bot is in {@code room} already. */
    public synchronized void inRoom(String room) { joined.add(room); }

    /** The next send gets a 429 asking to wait {@code ms}. */
    public synchronized void rateLimitNext(long ms) { rateLimitNextMs = ms; }

    public synchronized void invite(String room, String inviter) {
        timeline.add(new Event(room, null, inviter));
        notifyAll();
    }

    /** Someone writes {@code body} in {@code room}: an {@code m.text} message; returns its event id. */
    public String userWrites(String room, String sender, String body) {
        ObjectNode content = Json.object();
        content.put("msgtype", "m.text");
        content.put("body", body);
        return event(room, sender, "m.room.message", content);
    }

    /** Any event in a room's timeline; returns its id. */
    public synchronized String event(String room, String sender, String type, ObjectNode content) {
        ObjectNode e = Json.object();
        String id = "$ev" + (++ids) + ":localhost";
        e.put("type", type);
        e.put("sender", sender);
        e.put("event_id", id);
        e.put("origin_server_ts", System.currentTimeMillis());
        e.set("content", content);
        timeline.add(new Event(room, e, null));
        notifyAll();
        return id;
    }

    private void serve(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath().substring(PREFIX.length());
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        byte[] in = ex.getRequestBody().readAllBytes();
        JsonNode body = in.length == 0 ? null : Json.parse(new String(in, StandardCharsets.UTF_8));
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        ObjectNode out = Json.object();
        int status = 200;
        try {
            if (!("Bearer " + token).equals(auth)) {
                status = 401;
                out.put("errcode", "M_UNKNOWN_TOKEN").put("error", "Invalid access token passed.");
            } else if (path.equals("/account/whoami")) {
                out.put("user_id", BOT).put("device_id", "TERNDEVICE");
            } else if (path.equals("/sync")) {
                out = sync(query);
            } else if (path.startsWith("/join/")) {
                String room = decode(path.substring("/join/".length()));
                synchronized (this) {
                    joined.add(room);
                }
                out.put("room_id", room);
            } else if (path.contains("/send/m.room.message/")) {
                String room = decode(path.substring("/rooms/".length(), path.indexOf("/send/")));
                String txn = decode(path.substring(path.lastIndexOf('/') + 1));
                synchronized (this) {
                    if (rateLimitNextMs > 0) {
                        status = 429;
                        out.put("errcode", "M_LIMIT_EXCEEDED").put("error", "Too Many Requests").put("retry_after_ms", rateLimitNextMs);
                        rateLimitNextMs = 0;
                    } else {
                        String id = transactions.get(txn);
                        if (id == null) {   // a new transaction: a new event; the same one again: the same event
                            id = "$sent" + (++ids) + ":localhost";
                            transactions.put(txn, id);
                            ((ObjectNode) body).put("room", room);
                            sent.add(body);
                        }
                        out.put("event_id", id);
                    }
                }
            } else if (path.contains("/typing/")) {
                out = Json.object();
            } else {
                status = 404;
                out.put("errcode", "M_UNRECOGNIZED").put("error", "Unrecognized request");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 500;
        }
        calls.add(new Call(ex.getRequestMethod(), path, query, body, Instant.now(), status));
        byte[] bytes = Json.write(out).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(bytes);
        }
    }

    private synchronized ObjectNode sync(Map<String, String> q) throws InterruptedException {
        String since = q.get("since");
        ObjectNode out = Json.object();
        // without a token the client's filter asks for no timeline: where the stream is now, and the open invitations
        int from = since == null ? 0 : Integer.parseInt(since.substring(1));
        long deadline = System.currentTimeMillis() + (since == null ? 0 : Long.parseLong(q.getOrDefault("timeout", "0")));
        while (!pending(from) && System.currentTimeMillis() < deadline) wait(Math.max(1, deadline - System.currentTimeMillis()));
        ObjectNode rooms = out.putObject("rooms");
        ObjectNode join = rooms.putObject("join");
        ObjectNode invite = rooms.putObject("invite");
        for (int i = from; i < timeline.size(); i++) {
            Event e = timeline.get(i);
            if (e.inviter() != null) {
                if (joined.contains(e.room())) continue;
                ObjectNode member = Json.object();
                member.put("type", "m.room.member").put("state_key", BOT).put("sender", e.inviter());
                member.putObject("content").put("membership", "invite");
                invite.putObject(e.room()).putObject("invite_state").putArray("events").add(member);
            } else if (since != null && joined.contains(e.room())) {
                ObjectNode room = join.has(e.room()) ? (ObjectNode) join.get(e.room()) : join.putObject(e.room());
                if (!room.has("timeline")) room.putObject("timeline").putArray("events");
                ((tools.jackson.databind.node.ArrayNode) room.get("timeline").get("events")).add(e.event());
            }
        }
        out.put("next_batch", "s" + timeline.size());
        return out;
    }

    /** Whether a sync from stream position {@code from} has something to deliver. */
    private boolean pending(int from) {
        for (int i = from; i < timeline.size(); i++) {
            Event e = timeline.get(i);
            if (e.inviter() != null ? !joined.contains(e.room()) : joined.contains(e.room())) return true;
        }
        return false;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) return q;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) q.put(decode(kv.substring(0, eq)), decode(kv.substring(eq + 1)));
        }
        return q;
    }

    private static String decode(String s) { return URLDecoder.decode(s, StandardCharsets.UTF_8); }

    @Override
    public void close() {
        server.stop(0);
    }
}
