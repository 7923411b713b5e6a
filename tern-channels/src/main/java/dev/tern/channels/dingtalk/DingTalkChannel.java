package dev.tern.channels.dingtalk;

import dev.tern.channels.AllowList;
import dev.tern.channels.Backoff;
import dev.tern.channels.Channel;
import dev.tern.channels.ChannelException;
import dev.tern.channels.InboundMessage;
import dev.tern.channels.InboundSink;
import dev.tern.channels.JsonHttp;
import dev.tern.channels.OutboundMessage;
import dev.tern.channels.ReceiveLoop;
import dev.tern.channels.SendException;
import dev.tern.channels.SocketInbox;
import dev.tern.channels.config.DingTalkConfig;
import dev.tern.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DingTalk in Stream Mode, nanobot's mode (no public URL): {@code /v1.0/gateway/connections/open} with the app's client id
 * and secret gives a WebSocket endpoint and a one-time ticket; every frame on it is acknowledged with its
 * {@code messageId} (a bot message once it is queued for a turn), the gateway's {@code ping} is answered with its data and
 * its {@code disconnect} is followed by a new connection, as after a dropped or silent one. Bot messages
 * ({@code /v1.0/im/bot/messages/get}: direct messages, and in groups the messages that @-mention the bot, which are the
 * only ones DingTalk delivers) become turns; answers go to the conversation's {@code sessionWebhook} as Markdown, the reply
 * window DingTalk opens for a while after each message. When it is closed (a cron job's answer, a long turn) the robot
 * OpenAPI writes first instead ({@link DingTalkOpenApi}), to the groups and people the bot has seen. The session of a
 * conversation is {@code dingtalk:<conversationId>}; the sender is {@code <staff id>|<nickname>}.
 */
public final class DingTalkChannel implements Channel {

    public static final int MAX_MESSAGE_CHARS = 4000;
    static final String BOT_TOPIC = "/v1.0/im/bot/messages/get";
    private static final Logger LOG = Logger.getLogger(DingTalkChannel.class.getName());
    private static final Duration QUIET = Duration.ofSeconds(60);

    private final DingTalkConfig config;
    private final HttpClient http;
    private final AllowList allow;
    private final Clock clock;
    private final ReceiveLoop receiver = new ReceiveLoop();
    private final DingTalkOpenApi openApi;
    private volatile InboundSink sink;
    /** Conversation id to its reply window, from its latest message. */
    private final Map<String, ReplyWindow> windows = new ConcurrentHashMap<>();

    private record ReplyWindow(String url, long expiresAtMillis) { }

    /**
     * @param http     the HTTP client (one per process), or null to build one
     * @param stateDir where what the conversations are is kept (to write first after a restart), or null
     */
    public DingTalkChannel(DingTalkConfig config, HttpClient http, Path stateDir, Clock clock) {
        this.config = config;
        this.http = http != null ? http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.allow = AllowList.of(config.allowFrom());
        this.clock = clock;
        this.openApi = new DingTalkOpenApi(this.http, config.apiBase(), config.clientId(), config.clientSecret(), config.robotCode(),
                clock, stateDir);
    }

    @Override public String name() { return "dingtalk"; }

    @Override public AllowList allowList() { return allow; }

    @Override public int maxMessageChars() { return MAX_MESSAGE_CHARS; }

    @Override
    public synchronized void start(InboundSink sink) throws ChannelException {
        if (config.clientId().isBlank() || config.clientSecret().isBlank()) {
            throw new ChannelException("dingtalk: channels.dingtalk.clientId and clientSecret are needed (the app's Client ID and Secret)");
        }
        try {
            openApi.load();
        } catch (IOException e) {
            throw new ChannelException("dingtalk: cannot read " + openApi.file() + ": " + e.getMessage());
        }
        this.sink = sink;
        receiver.start("dingtalk-stream", () -> run(sink));
    }

    private void run(InboundSink sink) {
        Duration backoff = Backoff.FIRST;
        while (receiver.running()) {
            try {
                if (session(openConnection(), sink)) return;
                backoff = Backoff.FIRST;
            } catch (Refused e) {
                sink.error("dingtalk: the gateway refused the app's credentials (" + e.getMessage() + "); the channel stopped");
                receiver.stop();
                return;
            } catch (IOException | RuntimeException e) {
                if (!receiver.running()) return;
                LOG.warning("dingtalk: " + e + "; connecting again in " + backoff.toSeconds() + " s");
                backoff = receiver.pause(backoff);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Credentials DingTalk does not take (a 4xx other than a rate limit): connecting again would not help. */
    private static final class Refused extends Exception {
        Refused(String message) { super(message); }
    }

    /** A WebSocket URL with a fresh ticket. */
    private URI openConnection() throws Refused, IOException, InterruptedException {
        ObjectNode body = Json.object();
        body.put("clientId", config.clientId());
        body.put("clientSecret", config.clientSecret());
        body.putArray("subscriptions").addObject().put("type", "CALLBACK").put("topic", BOT_TOPIC);
        body.put("ua", "tern");
        JsonHttp.Reply res = JsonHttp.send(http, "POST", URI.create(config.apiBase() + "/v1.0/gateway/connections/open"),
                Duration.ofSeconds(30), body, "Accept", "application/json");
        int status = res.status();
        JsonNode r = res.json();
        if (status / 100 == 4 && status != 429) {
            throw new Refused("HTTP " + status + " " + r.path("code").asString("") + " " + r.path("message").asString(""));
        }
        if (status != 200) throw new IOException("connections/open: HTTP " + status + " " + r.path("message").asString(""));
        String endpoint = r.path("endpoint").asString("");
        String ticket = r.path("ticket").asString("");
        if (endpoint.isEmpty() || ticket.isEmpty()) throw new IOException("connections/open: no endpoint or ticket in the reply");
        return URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + "ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
    }

    /** One connection, frames handled in order on this thread; true when the sink is closed (stop for good). */
    private boolean session(URI url, InboundSink sink) throws InterruptedException {
        SocketInbox in = SocketInbox.open(http, url, QUIET, "dingtalk");
        receiver.connected(in.socket());
        try {
            for (String text; (text = in.next(receiver)) != null; ) {
                JsonNode frame;
                try {
                    frame = Json.parse(text);
                } catch (JacksonException e) {
                    LOG.warning("dingtalk: a frame that is not JSON ignored");
                    continue;
                }
                String type = frame.path("type").asString("");
                String topic = frame.path("headers").path("topic").asString("");
                String messageId = frame.path("headers").path("messageId").asString("");
                String data = frame.path("data").asString("");
                if (type.equals("SYSTEM") && topic.equals("disconnect")) return false;
                if (type.equals("SYSTEM") && topic.equals("ping")) {
                    in.send(ack(messageId, "ok", data));
                    continue;
                }
                if (type.equals("CALLBACK") && topic.equals(BOT_TOPIC)) {
                    InboundMessage m = toMessage(parseOrEmpty(data));
                    // queued before the acknowledgement: one the manager did not take while closing is delivered again
                    if (m != null && sink.accept(m) == InboundSink.Intake.CLOSED) return true;
                }
                in.send(ack(messageId, "OK", "{\"response\":null}"));
            }
            return false;
        } finally {
            receiver.connected(null);
            in.abort();
        }
    }

    private static String ack(String messageId, String message, String data) {
        ObjectNode a = Json.object();
        a.put("code", 200);
        ObjectNode h = a.putObject("headers");
        h.put("contentType", "application/json");
        h.put("messageId", messageId);
        a.put("message", message);
        a.put("data", data);
        return Json.write(a);
    }

    /** A text bot message as an inbound message (its reply window kept); null for anything else. */
    InboundMessage toMessage(JsonNode d) {
        if (!d.path("msgtype").asString("").equals("text")) return null;
        String text = d.path("text").path("content").asString("").strip();
        String conversation = d.path("conversationId").asString("");
        String msgId = d.path("msgId").asString("");
        if (text.isEmpty() || conversation.isEmpty() || msgId.isEmpty()) return null;
        String staff = d.path("senderStaffId").asString(d.path("senderId").asString(""));
        String nick = d.path("senderNick").asString("");
        String webhook = d.path("sessionWebhook").asString("");
        if (!webhook.isEmpty()) windows.put(conversation, new ReplyWindow(webhook, d.path("sessionWebhookExpiredTime").asLong(0)));
        boolean group = d.path("conversationType").asString("").equals("2");
        try {
            openApi.seen(conversation, new DingTalkOpenApi.Conversation(group, staff));
        } catch (IOException e) {
            InboundSink s = sink;
            if (s != null) s.error("dingtalk: cannot save what conversation " + conversation + " is to " + openApi.file() + ": "
                    + e.getMessage() + " (after a restart the bot could not write first to it)");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("chat_type", group ? "group" : "direct");
        if (!nick.isEmpty()) meta.put("nick", nick);
        if (d.hasNonNull("conversationTitle")) meta.put("title", d.get("conversationTitle").asString());
        return new InboundMessage("dingtalk", conversation, nick.isEmpty() ? staff : staff + "|" + nick, text, msgId,
                "dingtalk:" + msgId, null, null, meta);
    }

    @Override
    public void send(OutboundMessage m) throws SendException {
        ReplyWindow w = windows.get(m.chatId());
        if (w == null || w.expiresAtMillis() > 0 && w.expiresAtMillis() <= clock.millis() + 10_000) {
            openApi.send(m.chatId(), title(m.text()), m.text());   // no reply window open: the robot OpenAPI writes first
            return;
        }
        ObjectNode body = Json.object();
        body.put("msgtype", "markdown");
        ObjectNode md = body.putObject("markdown");
        md.put("title", title(m.text()));
        md.put("text", m.text());
        try {
            JsonHttp.Reply res = JsonHttp.send(http, "POST", URI.create(w.url()), Duration.ofSeconds(30), body);
            JsonNode r = res.json();
            int err = r.path("errcode").asInt(res.status() == 200 ? 0 : -1);
            if (res.status() == 200 && err == 0) return;
            String what = "dingtalk sessionWebhook: HTTP " + res.status() + " errcode " + err + " " + r.path("errmsg").asString("");
            // 130101: sending too fast; 5xx: DingTalk's side
            if (err == 130101 || res.status() == 429 || res.status() >= 500) throw SendException.transientFailure(what, null, null);
            throw SendException.permanent(what, null);
        } catch (IOException | InterruptedException e) {
            throw SendException.unanswered("dingtalk sessionWebhook", e);
        }
    }

    /** The notification's title: the answer's first line, shortened. */
    static String title(String text) {
        String first = text.strip().lines().findFirst().orElse("").replaceAll("^[#>*\\-\\s]+", "").strip();
        if (first.isEmpty()) first = "Answer";
        return first.length() <= 30 ? first : first.substring(0, 29) + "…";
    }

    /** A frame's data as JSON; an empty object when it is not. */
    private static JsonNode parseOrEmpty(String s) {
        try {
            return s == null || s.isBlank() ? Json.object() : Json.parse(s);
        } catch (JacksonException e) {
            return Json.object();
        }
    }

    @Override
    public void close() { receiver.close(); }
}
