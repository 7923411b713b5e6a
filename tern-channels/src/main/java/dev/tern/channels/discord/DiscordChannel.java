package dev.tern.channels.discord;

import dev.tern.channels.AllowList;
import dev.tern.channels.Backoff;
import dev.tern.channels.Channel;
import dev.tern.channels.ChannelException;
import dev.tern.channels.InboundMessage;
import dev.tern.channels.InboundSink;
import dev.tern.channels.OutboundMessage;
import dev.tern.channels.SendException;
import dev.tern.channels.SocketInbox;
import dev.tern.channels.ReceiveLoop;
import dev.tern.channels.config.DiscordConfig;
import dev.tern.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Discord over the Gateway (v10, JSON), nanobot's channel: {@code HELLO}, then {@code IDENTIFY} with the configured
 * intents, heartbeats at the interval the gateway gave (a heartbeat not acknowledged by the next one is a dead connection:
 * it is dropped and resumed), {@code MESSAGE_CREATE} dispatches become turns, answers go out over REST (replying to the
 * message, mentions of anyone disabled), "typing…" is triggered while a turn runs. After a dropped connection or the
 * gateway's {@code RECONNECT} the channel {@code RESUME}s the session from its last sequence number at the
 * {@code resume_gateway_url}, so the messages sent meanwhile are replayed, not lost; an invalid session is identified
 * anew. A refused token (close code 4004) or intents the application may not use (4013, 4014: the message content intent
 * must be switched on in the Developer Portal) stop the channel with that reason. Direct messages are turns; in servers
 * the bot answers when mentioned ({@code groupPolicy}). Bots' messages, its own included, are never turns. The session
 * of a conversation is {@code discord:<channel id>}; the sender is {@code <user id>|<username>}.
 */
public final class DiscordChannel implements Channel {

    public static final int MAX_MESSAGE_CHARS = 2000;
    private static final Logger LOG = Logger.getLogger(DiscordChannel.class.getName());

    private final DiscordConfig config;
    private final DiscordRest rest;
    private final AllowList allow;
    private final GatewayState state = new GatewayState();
    private final ReceiveLoop receiver = new ReceiveLoop();

    /** @param http the HTTP client (one per process), or null to build one */
    public DiscordChannel(DiscordConfig config, HttpClient http) {
        this.config = config;
        this.rest = new DiscordRest(http != null ? http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                config.apiBase(), config.token());
        this.allow = AllowList.of(config.allowFrom());
    }

    @Override public String name() { return "discord"; }

    @Override public AllowList allowList() { return allow; }

    @Override public int maxMessageChars() { return MAX_MESSAGE_CHARS; }

    @Override public Duration typingEvery() { return Duration.ofSeconds(8); }   // an indicator lasts 10 s

    @Override
    public synchronized void start(InboundSink sink) throws ChannelException {
        if (config.token().isBlank()) throw new ChannelException("discord: channels.discord.token is empty");
        receiver.start("discord-gateway", () -> run(sink));
    }

    private void run(InboundSink sink) {
        Duration backoff = Backoff.FIRST;
        while (receiver.running()) {
            try {
                GatewaySession.End end = connection(sink);
                if (end == GatewaySession.End.STOP) return;
                if (end == GatewaySession.End.FATAL) {
                    receiver.stop();
                    return;
                }
                if (end == GatewaySession.End.INVALID_SESSION) receiver.pause(Duration.ofMillis(1000 + ThreadLocalRandom.current().nextInt(4000)));
                backoff = Backoff.FIRST;
            } catch (RuntimeException e) {
                if (!receiver.running()) return;
                if (state.resumable()) state.forget();   // the resume URL did not take us: identify on the gateway URL next
                LOG.warning("discord: " + e + "; connecting again in " + backoff.toSeconds() + " s");
                backoff = receiver.pause(backoff);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One WebSocket connection, resumed when the state has a session; returns why it ended. */
    private GatewaySession.End connection(InboundSink sink) throws InterruptedException {
        URI url = URI.create(state.resumable() ? state.resumeUrl(config.gatewayUrl()) : config.gatewayUrl());
        SocketInbox in = SocketInbox.open(rest.http(), url, null, "discord");   // the heartbeats check it is alive
        receiver.connected(in.socket());
        try {
            return new GatewaySession(in, state, config, sink, receiver::running).run();
        } finally {
            receiver.connected(null);
            in.abort();
        }
    }

    /** A message as an inbound message; null for what is not a turn (bots, itself, other types, unmentioned in a server). */
    static InboundMessage toMessage(JsonNode d, String botUserId, DiscordConfig config) {
        JsonNode author = d.path("author");
        if (author.path("bot").asBoolean(false) || author.path("id").asString("").equals(botUserId)) return null;
        int type = d.path("type").asInt(0);
        if (type != 0 && type != 19) return null;    // a default message or a reply; not joins, pins, threads created
        String id = d.path("id").asString("");
        String channel = d.path("channel_id").asString("");
        String content = d.path("content").asString("");
        if (id.isEmpty() || channel.isEmpty()) return null;
        boolean direct = !d.hasNonNull("guild_id");
        boolean mentioned = content.contains("<@" + botUserId + ">") || content.contains("<@!" + botUserId + ">");
        for (JsonNode m : d.path("mentions")) if (m.path("id").asString("").equals(botUserId)) mentioned = true;
        if (!direct && config.groupPolicy().equals("mention") && !mentioned) return null;
        String text = content.replace("<@" + botUserId + ">", "").replace("<@!" + botUserId + ">", "").strip();
        if (text.isEmpty()) return null;   // also what a bot without the message content intent sees
        String user = author.path("id").asString("");
        String name = author.path("username").asString("");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("chat_type", direct ? "direct" : "guild");
        if (!direct) meta.put("guild_id", d.get("guild_id").asString());
        if (!name.isEmpty()) meta.put("username", name);
        String replyTo = d.path("message_reference").path("message_id").asString(null);
        return new InboundMessage("discord", channel, name.isEmpty() ? user : user + "|" + name, text, id, "discord:" + id,
                replyTo, null, meta);
    }

    @Override
    public void send(OutboundMessage m) throws SendException {
        ObjectNode body = Json.object();
        body.put("content", m.text());
        body.putObject("allowed_mentions").putArray("parse");   // the model's text never pings @everyone or anyone else
        if (m.replyToId() != null) {
            ObjectNode ref = body.putObject("message_reference");
            ref.put("message_id", m.replyToId());
            ref.put("fail_if_not_exists", false);
        }
        try {
            rest.createMessage(m.chatId(), body);
        } catch (DiscordApiException e) {
            throw SendException.refused(e, e.isTransient(), e.retryAfterSeconds());
        } catch (IOException | InterruptedException e) {
            throw SendException.unanswered("discord create message", e);
        }
    }

    @Override
    public void typing(String chatId, String threadId) throws SendException {
        try {
            rest.typing(chatId);
        } catch (DiscordApiException e) {
            throw SendException.refused(e, e.isTransient(), e.retryAfterSeconds());
        } catch (IOException | InterruptedException e) {
            throw SendException.unanswered("discord typing", e);
        }
    }

    @Override
    public void close() { receiver.close(); }

    /** What outlives a connection: the session to resume, where, and the last sequence number seen. */
    static final class GatewayState {
        volatile String sessionId;
        volatile String resumeGatewayUrl;
        volatile long seq = -1;
        volatile String botUserId;

        boolean resumable() { return sessionId != null && resumeGatewayUrl != null; }

        /** The resume URL with the gateway URL's query ({@code wss://host} becomes {@code wss://host/?v=10&encoding=json}). */
        String resumeUrl(String gatewayUrl) {
            int q = gatewayUrl.indexOf('?');
            String base = resumeGatewayUrl;
            if (base.indexOf('/', base.indexOf("://") + 3) < 0) base = base + "/";
            return base + (q < 0 ? "?v=10&encoding=json" : gatewayUrl.substring(q));
        }

        void forget() {
            sessionId = null;
            resumeGatewayUrl = null;
            seq = -1;
        }
    }
}
