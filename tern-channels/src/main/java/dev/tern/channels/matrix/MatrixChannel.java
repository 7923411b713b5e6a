package dev.tern.channels.matrix;

import dev.tern.channels.AllowList;
import dev.tern.channels.Backoff;
import dev.tern.channels.Channel;
import dev.tern.channels.ChannelException;
import dev.tern.channels.InboundMessage;
import dev.tern.channels.InboundSink;
import dev.tern.channels.OutboundMessage;
import dev.tern.channels.ReceiveLoop;
import dev.tern.channels.SendException;
import dev.tern.channels.config.MatrixConfig;
import dev.tern.channels.telegram.TelegramHtml;
import dev.tern.json.Json;
import dev.tern.workspace.fs.AtomicFiles;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Matrix over the client-server API: {@code /sync} long polling from a {@code since} token kept in the state folder (so
 * a restart neither loses nor repeats messages; the very first sync asks for no history, so a new bot does not answer
 * what was said before it came), invitations accepted from the people in {@code allowFrom} only, {@code m.text} messages
 * as turns, answers as {@code m.text} with HTML converted from the model's Markdown, replying to the message (in its
 * thread, when it came in one), typing notifications. A retried send reuses its transaction id, so the homeserver keeps
 * one event however often it was retried. Edits, notices (what bots send), the bot's own messages are never turns; a room
 * with end-to-end encryption, whose messages Tern cannot read, is reported once. The session of a room is
 * {@code matrix:<room id>}; senders are Matrix user ids ({@code @alice:example.org}).
 */
public final class MatrixChannel implements Channel {

    public static final int MAX_MESSAGE_CHARS = 16_000;
    private static final Logger LOG = Logger.getLogger(MatrixChannel.class.getName());

    private final MatrixConfig config;
    private final MatrixApi api;
    private final AllowList allow;
    private final Path sinceFile;
    private final ReceiveLoop receiver = new ReceiveLoop();
    private final Set<String> encryptedReported = ConcurrentHashMap.newKeySet();
    private volatile String me;
    private volatile InboundSink sink;

    /**
     * @param http     the HTTP client (one per process), or null to build one
     * @param stateDir where the sync token is kept, or null
     */
    public MatrixChannel(MatrixConfig config, HttpClient http, Path stateDir) {
        this.config = config;
        this.api = new MatrixApi(http != null ? http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                config.homeserver(), config.accessToken());
        this.allow = AllowList.of(config.allowFrom());
        this.sinceFile = stateDir == null ? null : stateDir.resolve("matrix.since");
    }

    @Override public String name() { return "matrix"; }

    @Override public AllowList allowList() { return allow; }

    @Override public int maxMessageChars() { return MAX_MESSAGE_CHARS; }

    @Override public Duration typingEvery() { return Duration.ofSeconds(8); }

    @Override
    public synchronized void start(InboundSink sink) throws ChannelException {
        if (config.accessToken().isBlank()) throw new ChannelException("matrix: channels.matrix.accessToken is empty");
        String since = readSince();
        this.sink = sink;
        receiver.start("matrix-sync", () -> run(sink, since));
    }

    private void run(InboundSink sink, String startSince) {
        String since = startSince;
        Duration backoff = Backoff.FIRST;
        while (receiver.running()) {
            try {
                if (me == null) me = api.whoami();
                if (since == null) {   // where the timeline ends now: what was said before the bot came is not a turn
                    JsonNode first = api.sync(null, 0, MatrixApi.NO_HISTORY);
                    acceptInvites(first);
                    since = first.path("next_batch").asString();
                    saveSince(since);
                    continue;
                }
                JsonNode r = api.sync(since, config.pollTimeoutSeconds(), null);
                acceptInvites(r);
                if (!deliver(r, sink)) return;
                since = r.path("next_batch").asString(since);
                saveSince(since);
                backoff = Backoff.FIRST;
            } catch (MatrixApiException e) {
                if (e.isAuth()) {
                    sink.error("matrix: the homeserver refused the access token (" + e.errcode() + "); the channel stopped");
                    receiver.stop();
                    return;
                }
                LOG.warning(e.getMessage() + "; syncing again in " + backoff.toSeconds() + " s");
                backoff = receiver.pause(e.retryAfterSeconds() != null ? Duration.ofSeconds(e.retryAfterSeconds()) : backoff);
            } catch (IOException | RuntimeException e) {
                if (!receiver.running()) return;
                LOG.warning("matrix: " + e + "; syncing again in " + backoff.toSeconds() + " s");
                backoff = receiver.pause(backoff);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Joins the rooms someone in {@code allowFrom} invited the bot to; other invitations are left alone. */
    private void acceptInvites(JsonNode sync) throws MatrixApiException, IOException, InterruptedException {
        for (Map.Entry<String, JsonNode> room : sync.path("rooms").path("invite").properties()) {
            String inviter = null;
            for (JsonNode e : room.getValue().path("invite_state").path("events")) {
                if (e.path("type").asString("").equals("m.room.member") && e.path("state_key").asString("").equals(me)
                        && e.path("content").path("membership").asString("").equals("invite")) {
                    inviter = e.path("sender").asString(null);
                }
            }
            if (inviter != null && allow.allows(inviter)) api.join(room.getKey());
            else LOG.info("matrix: an invitation to " + room.getKey() + " from " + inviter + " (not in allowFrom) left unanswered");
        }
    }

    /** Hands the sync's messages to the sink; false when it is closed (the since token then stays where it was). */
    private boolean deliver(JsonNode sync, InboundSink sink) throws InterruptedException {
        for (Map.Entry<String, JsonNode> room : sync.path("rooms").path("join").properties()) {
            for (JsonNode e : room.getValue().path("timeline").path("events")) {
                if (e.path("type").asString("").equals("m.room.encrypted") && encryptedReported.add(room.getKey())) {
                    sink.error("matrix: room " + room.getKey() + " is end-to-end encrypted, and Tern cannot read its messages;"
                            + " talk to the bot in a room without encryption");
                }
                InboundMessage m = toMessage(room.getKey(), e, me);
                if (m != null && sink.accept(m) == InboundSink.Intake.CLOSED) return false;
            }
        }
        return true;
    }

    /** A text message as an inbound message; null for anything else (edits, notices, the bot's own, other events). */
    static InboundMessage toMessage(String roomId, JsonNode e, String me) {
        if (!e.path("type").asString("").equals("m.room.message")) return null;
        String sender = e.path("sender").asString("");
        if (sender.isEmpty() || sender.equals(me)) return null;
        JsonNode c = e.path("content");
        if (!c.path("msgtype").asString("").equals("m.text") || c.has("m.new_content")) return null;
        JsonNode rel = c.path("m.relates_to");
        if (rel.path("rel_type").asString("").equals("m.replace")) return null;
        String body = stripReplyFallback(c.path("body").asString(""));
        String id = e.path("event_id").asString("");
        if (body.isBlank() || id.isEmpty()) return null;
        String thread = rel.path("rel_type").asString("").equals("m.thread") ? rel.path("event_id").asString(null) : null;
        return new InboundMessage("matrix", roomId, sender, body.strip(), id, "matrix:" + id, null, thread, Map.of());
    }

    /** A reply's body starts with the quoted message ({@code > <@bob:x> ...}) and a blank line: the reply is what follows. */
    static String stripReplyFallback(String body) {
        if (!body.startsWith("> ")) return body;
        int end = body.indexOf("\n\n");
        return end < 0 ? body : body.substring(end + 2);
    }

    @Override
    public void send(OutboundMessage m) throws SendException {
        ObjectNode content = Json.object();
        content.put("msgtype", "m.text");
        content.put("body", m.text());
        content.put("format", "org.matrix.custom.html");
        content.put("formatted_body", html(m.text()));
        String replyTo = m.replyToId() != null ? m.replyToId() : m.threadId();
        if (m.threadId() != null) {
            ObjectNode rel = content.putObject("m.relates_to");
            rel.put("rel_type", "m.thread");
            rel.put("event_id", m.threadId());
            rel.put("is_falling_back", m.replyToId() == null);
            rel.putObject("m.in_reply_to").put("event_id", replyTo);
        } else if (replyTo != null) {
            content.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", replyTo);
        }
        try {
            api.send(m.chatId(), transactionId(m), content);
        } catch (MatrixApiException e) {
            throw SendException.refused(e, e.isTransient(), e.retryAfterSeconds());
        } catch (IOException | InterruptedException e) {
            throw SendException.unanswered("matrix send", e);
        }
    }

    @Override
    public void typing(String chatId, String threadId) throws SendException {
        String self = me;
        if (self == null) return;
        try {
            api.typing(chatId, self, 10_000);
        } catch (MatrixApiException e) {
            throw SendException.refused(e, e.isTransient(), e.retryAfterSeconds());
        } catch (IOException | InterruptedException e) {
            throw SendException.unanswered("matrix typing", e);
        }
    }

    /** The model's Markdown as Matrix HTML: the HTML the Telegram channel sends, with line breaks outside code blocks. */
    static String html(String markdown) {
        String h = TelegramHtml.render(markdown);
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int pre = h.indexOf("<pre>", at);
            String prose = pre < 0 ? h.substring(at) : h.substring(at, pre);
            out.append(prose.replace("\n", "<br>"));
            if (pre < 0) return out.toString();
            int end = h.indexOf("</pre>", pre);
            end = end < 0 ? h.length() : end + "</pre>".length();
            out.append(h, pre, end);
            at = end;
        }
    }

    /** The same part of the same answer gets the same id, so a retried send is one event. */
    static String transactionId(OutboundMessage m) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String key = m.chatId() + "\n" + m.replyToId() + "\n" + m.threadId() + "\n" + m.part() + "/" + m.parts() + "\n" + m.text();
            return "tern-" + HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String readSince() throws ChannelException {
        if (sinceFile == null || !Files.isRegularFile(sinceFile)) return null;
        try {
            String s = Files.readString(sinceFile, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? null : s;
        } catch (IOException e) {
            throw new ChannelException("matrix: cannot read the sync token in " + sinceFile + ": " + e.getMessage());
        }
    }

    private void saveSince(String since) {
        if (sinceFile == null) return;
        try {
            AtomicFiles.write(sinceFile, since);
        } catch (IOException e) {
            sink.error("matrix: cannot save the sync token to " + sinceFile + ": " + e.getMessage());
        }
    }

    @Override
    public void close() { receiver.close(); }
}
