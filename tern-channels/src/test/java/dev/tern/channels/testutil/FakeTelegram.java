package dev.tern.channels.testutil;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tern.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local Telegram Bot API server for {@code getUpdates}, {@code sendMessage} and {@code sendChatAction},
 * faithful where the client can tell: {@code /bot<token>/<method>} with JSON, form or query parameters;
 * {@code {"ok": true, "result": ...}} or {@code {"ok": false, "error_code", "description", "parameters"}};
 * 401 for a wrong token, 404 for an unknown method; {@code getUpdates} long-polls, returns updates with
 * {@code update_id >= offset} and forgets the earlier ones (confirmed), and a second concurrent
 * {@code getUpdates} ends the first with 409 Conflict; {@code sendMessage} checks the chat, the text
 * (empty, longer than 4096 after entity parsing), {@code parse_mode} (HTML, MarkdownV2, Markdown, with
 * the API's "can't parse entities" errors) and {@code reply_parameters}; injected failures such as 429
 * with {@code retry_after}.
 */
public final class FakeTelegram implements AutoCloseable {

    /** One API call as the server saw it. */
    public record Call(String method, JsonNode params, Instant at, int status, String description) { }

    private final String token;
    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> updates = new ArrayList<>();  // not yet confirmed
    private final Set<String> knownChats = new HashSet<>();
    private final Map<String, Deque<ObjectNode>> failures = new HashMap<>();
    private final List<JsonNode> sent = new CopyOnWriteArrayList<>();
    private long nextUpdateId = 700_000_001L;
    private long nextMessageId = 1;
    private long pollGeneration;

    public FakeTelegram(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::serve);
        server.start();
    }

    public String baseUrl() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    /** A user writes {@code text} to the bot in a private chat; returns the update id. */
    public synchronized long userWrites(long userId, String username, String text) {
        long messageId = nextMessageId++;
        ObjectNode u = Json.object();
        long id = nextUpdateId++;
        u.put("update_id", id);
        ObjectNode m = u.putObject("message");
        m.put("message_id", messageId);
        ObjectNode from = m.putObject("from");
        from.put("id", userId);
        from.put("is_bot", false);
        from.put("first_name", username);
        if (username != null) from.put("username", username);
        ObjectNode chat = m.putObject("chat");
        chat.put("id", userId);
        chat.put("type", "private");
        m.put("date", Instant.now().getEpochSecond());
        m.put("text", text);
        updates.add(u);
        knownChats.add(Long.toString(userId));
        notifyAll();
        return id;
    }

    /** The next call of {@code method} fails with this error (429 with retry_after when retryAfter != null). */
    public synchronized void failNext(String method, int code, String description, Integer retryAfter) {
        ObjectNode err = Json.object();
        err.put("ok", false);
        err.put("error_code", code);
        err.put("description", description);
        if (retryAfter != null) err.putObject("parameters").put("retry_after", retryAfter);
        failures.computeIfAbsent(method, k -> new ArrayDeque<>()).add(err);
    }

    public List<Call> calls() { return List.copyOf(calls); }

    public List<Call> calls(String method) { return calls.stream().filter(c -> c.method().equals(method)).toList(); }

    /** Messages accepted by sendMessage (their params). */
    public List<JsonNode> sent() { return List.copyOf(sent); }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            JsonNode params = params(ex);
            String prefix = "/bot" + token + "/";
            if (!path.startsWith("/bot") || path.indexOf('/', 1) < 0) {
                reply(ex, "?", params, 404, error(404, "Not Found", null));
                return;
            }
            String method = path.substring(path.indexOf('/', 1) + 1);
            if (!path.startsWith(prefix)) {
                reply(ex, method, params, 401, error(401, "Unauthorized", null));
                return;
            }
            ObjectNode injected = takeFailure(method);
            if (injected != null) {
                reply(ex, method, params, injected.get("error_code").asInt(), injected);
                return;
            }
            ObjectNode out = switch (method) {
                case "getUpdates" -> getUpdates(params);
                case "sendMessage" -> sendMessage(params);
                case "sendChatAction" -> sendChatAction(params);
                default -> error(404, "Not Found", null);
            };
            reply(ex, method, params, out.path("ok").asBoolean() ? 200 : out.get("error_code").asInt(), out);
        }
    }

    private synchronized ObjectNode takeFailure(String method) {
        Deque<ObjectNode> q = failures.get(method);
        return q == null ? null : q.poll();
    }

    private ObjectNode getUpdates(JsonNode p) {
        long offset = p.path("offset").asLong(0);
        int timeout = p.path("timeout").asInt(0);
        long deadline = System.currentTimeMillis() + timeout * 1000L;
        synchronized (this) {
            long me = ++pollGeneration;
            notifyAll();  // a waiting older poll sees it was superseded
            if (offset > 0) updates.removeIf(u -> u.get("update_id").asLong() < offset);
            while (true) {
                if (pollGeneration != me) {
                    return error(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running", null);
                }
                List<ObjectNode> ready = updates.stream().filter(u -> u.get("update_id").asLong() >= offset).toList();
                long left = deadline - System.currentTimeMillis();
                if (!ready.isEmpty() || left <= 0) {
                    ObjectNode ok = ok();
                    ArrayNode arr = ok.putArray("result");
                    ready.forEach(arr::add);
                    return ok;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return error(500, "Internal Server Error", null);
                }
            }
        }
    }

    private synchronized ObjectNode sendMessage(JsonNode p) {
        String chat = p.path("chat_id").asString("");
        if (chat.isEmpty()) return error(400, "Bad Request: chat_id is empty", null);
        if (!knownChats.contains(chat)) return error(400, "Bad Request: chat not found", null);
        String text = p.path("text").asString("");
        String visible;
        try {
            visible = TelegramText.visible(text, p.path("parse_mode").asString(null));
        } catch (TelegramText.ParseError e) {
            return error(400, e.getMessage(), null);
        }
        if (visible.isBlank()) return error(400, "Bad Request: message text is empty", null);
        if (visible.length() > 4096) return error(400, "Bad Request: message is too long", null);
        JsonNode rp = p.path("reply_parameters");
        long replyTo = rp.isObject() ? rp.path("message_id").asLong(0) : p.path("reply_to_message_id").asLong(0);
        boolean lenient = rp.path("allow_sending_without_reply").asBoolean(p.path("allow_sending_without_reply").asBoolean(false));
        if (replyTo != 0 && replyTo >= nextMessageId && !lenient) return error(400, "Bad Request: message to be replied not found", null);
        sent.add(p);
        ObjectNode ok = ok();
        ObjectNode m = ok.putObject("result");
        m.put("message_id", nextMessageId++);
        m.put("date", Instant.now().getEpochSecond());
        m.putObject("chat").put("id", Long.parseLong(chat)).put("type", "private");
        m.put("text", visible);
        return ok;
    }

    private synchronized ObjectNode sendChatAction(JsonNode p) {
        String chat = p.path("chat_id").asString("");
        if (!knownChats.contains(chat)) return error(400, "Bad Request: chat not found", null);
        String action = p.path("action").asString("");
        if (!Set.of("typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document",
                "choose_sticker", "find_location", "record_video_note", "upload_video_note").contains(action)) {
            return error(400, "Bad Request: wrong parameter action in request", null);
        }
        ObjectNode ok = ok();
        ok.put("result", true);
        return ok;
    }

    private static JsonNode params(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type != null && type.startsWith("application/json") && body.length > 0) return Json.parse(new String(body, StandardCharsets.UTF_8));
        ObjectNode o = Json.object();
        String form = (ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery()) + "&"
                + (type != null && type.startsWith("application/x-www-form-urlencoded") ? new String(body, StandardCharsets.UTF_8) : "");
        for (String kv : form.split("&")) {
            if (kv.isEmpty()) continue;
            String[] p = kv.split("=", 2);
            o.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8), p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
        }
        return o;
    }

    private void reply(HttpExchange ex, String method, JsonNode params, int status, ObjectNode body) throws IOException {
        calls.add(new Call(method, params, Instant.now(), status, body.path("description").asString(null)));
        byte[] out = Json.write(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    private static ObjectNode ok() {
        ObjectNode o = Json.object();
        o.put("ok", true);
        return o;
    }

    private static ObjectNode error(int code, String description, Integer retryAfter) {
        ObjectNode o = Json.object();
        o.put("ok", false);
        o.put("error_code", code);
        o.put("description", description);
        if (retryAfter != null) o.putObject("parameters").put("retry_after", retryAfter);
        return o;
    }

    @Override
    public void close() {
        synchronized (this) {
            pollGeneration++;
            notifyAll();
        }
        server.stop(0);
    }
}
