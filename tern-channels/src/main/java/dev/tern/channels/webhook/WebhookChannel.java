package dev.tern.channels.webhook;

import dev.tern.channels.AllowList;
import dev.tern.channels.Channel;
import dev.tern.channels.ChannelException;
import dev.tern.channels.InboundMessage;
import dev.tern.channels.InboundSink;
import dev.tern.channels.OutboundMessage;
import dev.tern.channels.SendException;
import dev.tern.channels.config.WebhookConfig;
import dev.tern.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A generic JSON channel for anything that can make and take HTTP requests. In: a signed
 * {@code POST <path>} with {@code {"id", "chatId", "senderId", "text", "replyTo"?, "threadId"?}} (snake_case
 * too) is answered {@code 202 {"status": "queued"}} at once; the answer arrives later as a signed
 * {@code POST <url>} with {@code {"chatId", "text", "replyTo", "threadId", "part", "parts"}}. See
 * {@link WebhookSignature} for the signature. {@link #handle} is the endpoint; {@code port > 0} serves it
 * on its own ({@link WebhookServer}), else the gateway mounts it.
 */
public final class WebhookChannel implements Channel {

    /** Largest request body taken. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private final WebhookConfig config;
    private final HttpClient http;
    private final Clock clock;
    private final AllowList allow;
    private final WebhookSignature signature;
    private volatile InboundSink sink;
    private WebhookServer server;

    public WebhookChannel(WebhookConfig config, HttpClient http, Clock clock) {
        this.config = config;
        this.http = http == null ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build() : http;
        this.clock = clock;
        this.allow = AllowList.of(config.allowFrom());
        this.signature = config.secret().isEmpty() ? null : new WebhookSignature(config.secret());
    }

    /** An HTTP answer of the endpoint. */
    public record Response(int status, String json) { }

    @Override public String name() { return "webhook"; }

    @Override public AllowList allowList() { return allow; }

    @Override public int maxMessageChars() { return config.maxMessageChars(); }

    @Override
    public synchronized void start(InboundSink sink) throws ChannelException {
        if (signature == null) throw new ChannelException("webhook: not started: channels.webhook.secret is empty (requests must be signed)");
        if (config.url().isBlank()) throw new ChannelException("webhook: not started: channels.webhook.url (where answers go) is empty");
        this.sink = sink;
        if (config.port() > 0 && server == null) {
            try {
                server = WebhookServer.start(config.host(), config.port(), config.path(), this);
            } catch (IOException e) {
                throw new ChannelException("webhook: cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The port the built-in listener is bound to (for tests with port 0 ... or the configured one), or -1. */
    public synchronized int listeningPort() { return server == null ? -1 : server.port(); }

    /**
     * The endpoint: checks the signature, parses the message, hands it over.
     *
     * @param headers request headers (any case)
     */
    public Response handle(String method, Map<String, String> headers, byte[] body) {
        InboundSink s = sink;
        if (s == null) return error(503, "the webhook channel is not running");
        if (!"POST".equalsIgnoreCase(method)) return error(405, "use POST");
        if (body.length > MAX_BODY_BYTES) return error(413, "body larger than " + MAX_BODY_BYTES + " bytes");
        String bad = signature.check(header(headers, WebhookSignature.TIMESTAMP_HEADER), header(headers, WebhookSignature.SIGNATURE_HEADER),
                body, clock);
        if (bad != null) return error(401, bad);
        JsonNode json;
        try {
            json = Json.parse(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            return error(400, "body is not JSON: " + e.getOriginalMessage());
        }
        if (!json.isObject()) return error(400, "body must be a JSON object");
        String id = field(json, "id", "id");
        String chat = field(json, "chatId", "chat_id");
        String sender = field(json, "senderId", "sender_id");
        String text = field(json, "text", "text");
        for (String[] req : new String[][] {{"id", id}, {"chatId", chat}, {"senderId", sender}, {"text", text}}) {
            if (req[1] == null || req[1].isBlank()) return error(400, "'" + req[0] + "' is required");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        JsonNode m = json.get("metadata");
        if (m != null && m.isObject()) m.properties().forEach(e -> meta.put(e.getKey(), e.getValue().asString()));
        InboundMessage in = new InboundMessage("webhook", chat, sender, text, id, "id:" + id, field(json, "replyTo", "reply_to"),
                field(json, "threadId", "thread_id"), meta);
        try {
            return switch (s.accept(in)) {
                case QUEUED -> ok(202, "queued");
                case DUPLICATE -> ok(200, "duplicate");
                case DENIED -> error(403, "sender '" + sender + "' is not in channels.webhook.allowFrom");
                case CLOSED -> error(503, "shutting down");
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "shutting down");
        }
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        return null;
    }

    private static String field(JsonNode json, String camel, String snake) {
        JsonNode v = json.hasNonNull(camel) ? json.get(camel) : json.get(snake);
        return v == null || v.isNull() || v.isContainer() ? null : v.asString();
    }

    private static Response ok(int status, String what) {
        ObjectNode o = Json.object();
        o.put("status", what);
        return new Response(status, Json.write(o));
    }

    private static Response error(int status, String why) {
        ObjectNode o = Json.object();
        o.put("error", why);
        return new Response(status, Json.write(o));
    }

    @Override
    public void send(OutboundMessage m) throws SendException {
        ObjectNode o = Json.object();
        o.put("chatId", m.chatId());
        o.put("text", m.text());
        o.put("replyTo", m.replyToId());
        o.put("threadId", m.threadId());
        o.put("part", m.part());
        o.put("parts", m.parts());
        byte[] body = Json.write(o).getBytes(StandardCharsets.UTF_8);
        long ts = clock.instant().getEpochSecond();
        HttpRequest req = HttpRequest.newBuilder(URI.create(config.url())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts))
                .header(WebhookSignature.SIGNATURE_HEADER, signature.sign(ts, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw SendException.transientFailure("webhook POST " + config.url() + ": " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SendException.permanent("webhook POST: interrupted", e);
        }
        int code = resp.statusCode();
        if (code / 100 == 2) return;
        String why = "webhook POST " + config.url() + ": HTTP " + code;
        if (code == 429 || code >= 500) {
            Duration after = resp.headers().firstValue("Retry-After").filter(v -> v.matches("\\d{1,6}"))
                    .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
            throw SendException.transientFailure(why, after, null);
        }
        throw SendException.permanent(why, null);
    }

    @Override
    public synchronized void close() {
        sink = null;
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
