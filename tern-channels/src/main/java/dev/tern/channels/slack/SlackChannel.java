package dev.tern.channels.slack;

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
import dev.tern.channels.config.SlackConfig;
import dev.tern.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Logger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Slack over Socket Mode, nanobot's mode: {@code apps.connections.open} with the app-level token gives a WebSocket URL,
 * every envelope Slack sends on it is acknowledged once its message is queued (else Slack sends it again), and the
 * messages of its {@code events_api} envelopes become turns; answers go out with {@code chat.postMessage} in
 * {@code mrkdwn}. Slack asks for a new connection now and then ({@code disconnect}, {@code refresh_requested}): the channel
 * opens one and carries on, as it does after a dropped connection (backoff 1 s doubling to 30 s). Direct messages are
 * answered in place; in channels the bot answers when mentioned ({@code groupPolicy}) or in a thread it answered in
 * before (a follow-up there needs no mention), and in the message's thread ({@code replyInThread}). Its own messages,
 * other bots' and edits are never turns. The session of a conversation is
 * {@code slack:<channel id>}; a redelivered message (the same channel and {@code ts}, also when it came as both
 * {@code message} and {@code app_mention}) is answered once.
 */
public final class SlackChannel implements Channel {

    /** Slack truncates longer {@code text} and advises staying under 4 000 characters. */
    public static final int MAX_MESSAGE_CHARS = 4000;
    private static final Logger LOG = Logger.getLogger(SlackChannel.class.getName());
    /** After this long without a frame the channel pings, and gives the connection up as long again without an answer. */
    static final Duration QUIET = Duration.ofSeconds(10);

    private final SlackConfig config;
    private final SlackApi api;
    private final AllowList allow;
    private final ReceiveLoop receiver = new ReceiveLoop();
    private final Duration quiet;
    private volatile String botUserId;
    /** Threads the bot answered in (channel:thread_ts, the newest 1 000): a follow-up there is addressed to it. */
    private final Set<String> threads = java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(
            new LinkedHashMap<String, Boolean>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) { return size() > 1000; }
            }));

    /** @param http the HTTP client (one per process), or null to build one */
    public SlackChannel(SlackConfig config, HttpClient http) {
        this(config, http, QUIET);
    }

    /** @param quiet how long without a frame before a ping, and how long a ping may go unanswered (tests shorten it) */
    SlackChannel(SlackConfig config, HttpClient http, Duration quiet) {
        this.config = config;
        this.quiet = quiet;
        this.api = new SlackApi(http != null ? http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                config.apiBase(), config.botToken(), config.appToken());
        this.allow = AllowList.of(config.allowFrom());
    }

    @Override public String name() { return "slack"; }

    @Override public AllowList allowList() { return allow; }

    @Override public int maxMessageChars() { return MAX_MESSAGE_CHARS; }

    @Override
    public synchronized void start(InboundSink sink) throws ChannelException {
        if (config.botToken().isBlank()) throw new ChannelException("slack: channels.slack.botToken is empty");
        if (config.appToken().isBlank()) {
            throw new ChannelException("slack: channels.slack.appToken is empty (Socket Mode needs an app-level token, xapp-...)");
        }
        receiver.start("slack-socket", () -> run(sink));
    }

    /** Connects, reads until the connection ends, connects again; until closed or the tokens are refused. */
    private void run(InboundSink sink) {
        Duration backoff = Backoff.FIRST;
        while (receiver.running()) {
            try {
                if (botUserId == null) botUserId = api.botUserId();
                if (session(api.openConnection(), sink)) return;
                backoff = Backoff.FIRST;
            } catch (SlackApiException e) {
                if (e.isAuth()) {
                    sink.error("slack: " + e.method() + " refused the " + (e.method().equals("apps.connections.open") ? "app-level" : "bot")
                            + " token (" + e.error() + "); the channel stopped");
                    receiver.stop();
                    return;
                }
                LOG.warning(e.getMessage() + "; connecting again in " + backoff.toSeconds() + " s");
                backoff = receiver.pause(e.retryAfterSeconds() != null ? Duration.ofSeconds(e.retryAfterSeconds()) : backoff);
            } catch (IOException | RuntimeException e) {
                if (!receiver.running()) return;
                LOG.warning("slack: " + e + "; connecting again in " + backoff.toSeconds() + " s");
                backoff = receiver.pause(backoff);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * One WebSocket connection: each text Slack sends is handled here, in order, on this thread; a quiet connection is
     * pinged and given up when the ping goes unanswered ({@link SocketInbox}).
     *
     * @return true when the sink is closed (stop for good)
     */
    private boolean session(URI url, InboundSink sink) throws InterruptedException {
        SocketInbox in = SocketInbox.open(api.http(), url, quiet, "slack");
        receiver.connected(in.socket());
        try {
            for (String text; (text = in.next(receiver)) != null; ) {
                switch (handle(in, text, sink)) {
                    case RECONNECT -> { return false; }
                    case STOP -> { return true; }
                    case GO_ON -> { }
                }
            }
            return false;
        } finally {
            receiver.connected(null);
            in.abort();
        }
    }

    private enum Next { GO_ON, RECONNECT, STOP }

    private Next handle(SocketInbox in, String text, InboundSink sink) throws InterruptedException {
        JsonNode env;
        try {
            env = Json.parse(text);
        } catch (JacksonException e) {
            LOG.warning("slack: a frame that is not JSON ignored: " + text.substring(0, Math.min(80, text.length())));
            return Next.GO_ON;
        }
        String envelope = env.path("envelope_id").asString(null);
        String type = env.path("type").asString("");
        if (type.equals("disconnect")) {
            LOG.fine("slack: disconnect (" + env.path("reason").asString("") + "), opening a new connection");
            return Next.RECONNECT;
        }
        InboundMessage m = type.equals("events_api") ? toMessage(env.path("payload").path("event"), botUserId, config, threads::contains) : null;
        // queued (or dropped as a duplicate, or refused) before the acknowledgement: a message the manager did not take
        // while shutting down is not acknowledged, so Slack delivers it again to the next connection
        if (m != null && sink.accept(m) == InboundSink.Intake.CLOSED) return Next.STOP;
        if (envelope != null) ack(in, envelope);
        return Next.GO_ON;
    }

    /**
     * Acknowledges an envelope, once its message is queued: before the turn runs, as Slack delivers again what is not
     * acknowledged within 3 s (the queue only makes a sender wait while it is full; a redelivery is then a duplicate).
     */
    private static void ack(SocketInbox in, String envelopeId) {
        ObjectNode a = Json.object();
        a.put("envelope_id", envelopeId);
        in.send(Json.write(a));
    }

    /**
     * A message event as an inbound message; null for what is not a turn (edits, bots, itself, unmentioned in a channel).
     *
     * @param answeredThread whether the bot answered in a thread ({@code channel:thread_ts}): a follow-up there needs no
     *                       mention, as in a conversation with a person
     */
    static InboundMessage toMessage(JsonNode event, String botUserId, SlackConfig config, Predicate<String> answeredThread) {
        String type = event.path("type").asString("");
        if (!type.equals("message") && !type.equals("app_mention")) return null;
        if (event.hasNonNull("subtype") || event.hasNonNull("bot_id")) return null;
        String user = event.path("user").asString("");
        if (user.isEmpty() || user.equals(botUserId)) return null;
        String channel = event.path("channel").asString("");
        String ts = event.path("ts").asString("");
        if (channel.isEmpty() || ts.isEmpty()) return null;
        boolean direct = event.path("channel_type").asString("").equals("im");
        String mention = "<@" + botUserId + ">";
        String text = event.path("text").asString("");
        String threadTs = event.hasNonNull("thread_ts") ? event.get("thread_ts").asString() : null;
        boolean mentioned = type.equals("app_mention") || text.contains(mention)
                || threadTs != null && answeredThread.test(channel + ":" + threadTs);
        if (!direct && config.groupPolicy().equals("mention") && !mentioned) return null;
        text = text.replace(mention, "").strip();
        if (text.isEmpty()) return null;
        String thread = threadTs != null ? threadTs : !direct && config.replyInThread() ? ts : null;
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("channel_type", direct ? "im" : event.path("channel_type").asString("channel"));
        if (event.hasNonNull("team")) meta.put("team", event.get("team").asString());
        return new InboundMessage("slack", channel, user, text, ts, "slack:" + channel + ":" + ts, null, thread, meta);
    }

    @Override
    public void send(OutboundMessage m) throws SendException {
        ObjectNode body = Json.object();
        body.put("channel", m.chatId());
        body.put("text", SlackText.render(m.text()));
        body.put("mrkdwn", true);
        if (m.threadId() != null) body.put("thread_ts", m.threadId());
        try {
            api.postMessage(body);
            if (m.threadId() != null) threads.add(m.chatId() + ":" + m.threadId());
        } catch (SlackApiException e) {
            throw SendException.refused(e, e.isTransient(), e.retryAfterSeconds());
        } catch (IOException | InterruptedException e) {
            throw SendException.unanswered("slack chat.postMessage", e);
        }
    }

    @Override
    public void close() { receiver.close(); }
}
