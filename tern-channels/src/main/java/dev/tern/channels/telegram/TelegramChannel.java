package dev.tern.channels.telegram;

import dev.tern.channels.AllowList;
import dev.tern.channels.Backoff;
import dev.tern.channels.Channel;
import dev.tern.channels.ChannelException;
import dev.tern.channels.InboundMessage;
import dev.tern.channels.InboundSink;
import dev.tern.channels.OutboundMessage;
import dev.tern.channels.SendException;
import dev.tern.channels.config.TelegramConfig;
import dev.tern.json.Json;
import dev.tern.workspace.fs.AtomicFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Telegram over the Bot API: long polling with {@code getUpdates} (the offset is kept in the state
 * folder, so a restart neither loses nor repeats updates), answers with {@code sendMessage} in Telegram
 * HTML (plain text again when Telegram cannot parse it), "typing…" with {@code sendChatAction}. Flood
 * control (429 {@code retry_after}) is honoured both when polling and when sending. The session of a
 * chat is {@code telegram:<chat id>}; the sender id is {@code <user id>|<username>} as in nanobot.
 */
public final class TelegramChannel implements Channel {

    public static final int MAX_MESSAGE_CHARS = 4096;
    private static final Logger LOG = Logger.getLogger(TelegramChannel.class.getName());

    private final TelegramConfig config;
    private final TelegramApi api;
    private final AllowList allow;
    private final Path offsetFile;
    private volatile InboundSink sink;
    private volatile boolean running;
    private Thread poller;

    /**
     * @param http       the HTTP client (one per process); null = the channel builds one honouring {@code proxy}
     * @param stateDir   where the update offset is kept, or null
     */
    public TelegramChannel(TelegramConfig config, HttpClient http, Path stateDir) {
        this.config = config;
        this.api = new TelegramApi(http == null ? client(config) : http, config.apiBase(), config.token());
        this.allow = AllowList.of(config.allowFrom());
        this.offsetFile = stateDir == null ? null : stateDir.resolve("telegram.offset");
    }

    private static HttpClient client(TelegramConfig c) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (c.proxy() != null) {
            URI p = URI.create(c.proxy());
            if (!"http".equalsIgnoreCase(p.getScheme()) && !"https".equalsIgnoreCase(p.getScheme())) {
                throw new IllegalArgumentException("channels.telegram.proxy: only HTTP proxies are supported, got " + p.getScheme());
            }
            b.proxy(ProxySelector.of(new InetSocketAddress(p.getHost(), p.getPort() < 0 ? 80 : p.getPort())));
        }
        return b.build();
    }

    @Override public String name() { return "telegram"; }

    @Override public AllowList allowList() { return allow; }

    @Override public int maxMessageChars() { return MAX_MESSAGE_CHARS; }

    @Override public Duration typingEvery() { return Duration.ofSeconds(4); }

    @Override
    public synchronized void start(InboundSink sink) throws ChannelException {
        if (config.token().isBlank()) throw new ChannelException("telegram: channels.telegram.token is empty");
        if (running) return;
        long offset = readOffset();
        this.sink = sink;
        running = true;
        poller = Thread.ofVirtual().name("telegram-poll").start(() -> poll(sink, offset));
    }

    private void poll(InboundSink sink, long startOffset) {
        long offset = startOffset;
        Duration backoff = Backoff.FIRST;
        while (running) {
            try {
                for (JsonNode update : api.getUpdates(offset, config.pollTimeoutSeconds())) {
                    long next = update.path("update_id").asLong() + 1;
                    InboundMessage m = toMessage(update);
                    if (m != null && sink.accept(m) == InboundSink.Intake.CLOSED) return;
                    offset = Math.max(offset, next);
                    writeOffset(offset);
                }
                backoff = Backoff.FIRST;
            } catch (TelegramApiException e) {
                if (e.errorCode() == 401 || e.errorCode() == 404) {
                    sink.error("telegram: the Bot API refused the token (" + e.errorCode() + " " + e.description() + "); polling stopped");
                    running = false;
                    return;
                }
                if (e.errorCode() == 409) {
                    sink.error("telegram: another getUpdates is running with this token (409 " + e.description()
                            + "); is a second instance polling?");
                }
                backoff = pause(e.retryAfterSeconds() != null ? Duration.ofSeconds(e.retryAfterSeconds()) : backoff);
            } catch (IOException e) {
                if (!running) return;
                LOG.warning("telegram: getUpdates failed: " + e + "; retrying in " + backoff.toSeconds() + " s");
                backoff = pause(backoff);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                sink.error("telegram: " + e.getMessage());
                backoff = pause(backoff);
            }
        }
    }

    /** Waits {@code d} (unless closed); returns the next backoff (doubling, at most 30 s). */
    private Duration pause(Duration d) {
        return Backoff.pause(d, () -> running = false);
    }

    /** A text (or captioned) message as an inbound message; null for anything else. */
    static InboundMessage toMessage(JsonNode update) {
        JsonNode msg = update.get("message");
        if (msg == null || !msg.isObject()) return null;
        String text = msg.hasNonNull("text") ? msg.get("text").asString() : msg.path("caption").asString(null);
        if (text == null || text.isBlank()) return null;
        JsonNode from = msg.path("from");
        String user = from.path("id").asString("");
        String username = from.path("username").asString("");
        String sender = username.isEmpty() ? user : user + "|" + username;
        String chatId = msg.path("chat").path("id").asString();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("chat_type", msg.path("chat").path("type").asString(""));
        if (!username.isEmpty()) meta.put("username", username);
        if (from.hasNonNull("first_name")) meta.put("first_name", from.get("first_name").asString());
        String thread = msg.path("is_topic_message").asBoolean(false) && msg.hasNonNull("message_thread_id")
                ? msg.get("message_thread_id").asString() : null;
        String replyTo = msg.path("reply_to_message").hasNonNull("message_id")
                ? msg.path("reply_to_message").get("message_id").asString() : null;
        return new InboundMessage("telegram", chatId, sender, text, msg.path("message_id").asString(),
                "update:" + update.path("update_id").asLong(), replyTo, thread, meta);
    }

    @Override
    public void send(OutboundMessage m) throws SendException {
        ObjectNode body = Json.object();
        TelegramApi.putChatId(body, m.chatId());
        body.put("text", TelegramHtml.render(m.text()));
        body.put("parse_mode", "HTML");
        if (m.threadId() != null) body.put("message_thread_id", Long.parseLong(m.threadId()));
        if (config.replyToMessage() && m.replyToId() != null) {
            ObjectNode rp = body.putObject("reply_parameters");
            rp.put("message_id", Long.parseLong(m.replyToId()));
            rp.put("allow_sending_without_reply", true);
        }
        try {
            try {
                api.sendMessage(body);
            } catch (TelegramApiException e) {
                if (!e.isEntityParseError()) throw e;
                LOG.fine("telegram: HTML refused (" + e.description() + "), sending plain text");
                body.put("text", m.text());
                body.remove("parse_mode");
                api.sendMessage(body);
            }
        } catch (TelegramApiException e) {
            throw SendException.refused(e, e.isTransient(), e.retryAfterSeconds() == null ? null : e.retryAfterSeconds().longValue());
        } catch (IOException | InterruptedException e) {
            throw SendException.unanswered("telegram sendMessage", e);
        }
    }

    @Override
    public void typing(String chatId, String threadId) throws SendException {
        try {
            api.sendChatAction(chatId, "typing", threadId);
        } catch (TelegramApiException e) {
            throw SendException.refused(e, e.isTransient(), null);
        } catch (IOException | InterruptedException e) {
            throw SendException.unanswered("telegram sendChatAction", e);
        }
    }

    private long readOffset() throws ChannelException {
        if (offsetFile == null || !Files.isRegularFile(offsetFile)) return 0;
        try {
            return Long.parseLong(Files.readString(offsetFile, StandardCharsets.UTF_8).strip());
        } catch (IOException | NumberFormatException e) {
            throw new ChannelException("telegram: cannot read the update offset in " + offsetFile + ": " + e.getMessage());
        }
    }

    private void writeOffset(long offset) {
        if (offsetFile == null) return;
        try {
            AtomicFiles.write(offsetFile, Long.toString(offset));
        } catch (IOException e) {
            sink.error("telegram: cannot save the update offset to " + offsetFile + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (poller != null) poller.interrupt();
    }
}
