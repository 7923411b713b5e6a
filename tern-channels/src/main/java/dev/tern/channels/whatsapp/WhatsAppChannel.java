package dev.tern.channels.whatsapp;

import dev.tern.channels.AllowList;
import dev.tern.channels.Backoff;
import dev.tern.channels.Channel;
import dev.tern.channels.ChannelException;
import dev.tern.channels.InboundMessage;
import dev.tern.channels.InboundSink;
import dev.tern.channels.OutboundMessage;
import dev.tern.channels.ReceiveLoop;
import dev.tern.channels.SendException;
import dev.tern.channels.SocketInbox;
import dev.tern.channels.config.WhatsAppConfig;
import dev.tern.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * WhatsApp through nanobot's bridge, so a nanobot user's running bridge serves Tern as it is: the bridge (Baileys, a
 * linked device) listens on loopback; the channel connects, authenticates with the bridge token as its first frame, and
 * reads {@code message} frames as turns; answers are {@code send} commands, typing is a {@code presence} command. The
 * bridge confirms each command ({@code sent} or {@code error}), so commands go one at a time and a send is a success only
 * once confirmed. A refused token (close 4003) stops the channel with that reason; a bridge that is down or restarting is
 * connected to again (backoff 1 s doubling to 30 s). A bridge waiting for its QR code to be scanned is reported once. In
 * groups the account answers when mentioned ({@code groupPolicy}). The session of a chat is {@code whatsapp:<chat id>};
 * the sender is the chat id, its phone-number form and the bare number, any of which {@code allowFrom} may name.
 */
public final class WhatsAppChannel implements Channel {

    /** WhatsApp takes long messages; answers are split here to stay readable on a phone. */
    public static final int MAX_MESSAGE_CHARS = 4000;
    private static final Logger LOG = Logger.getLogger(WhatsAppChannel.class.getName());
    private static final Duration QUIET = Duration.ofSeconds(30);
    private static final Duration CONFIRM = Duration.ofSeconds(30);

    private final WhatsAppConfig config;
    private final HttpClient http;
    private final AllowList allow;
    private final ReceiveLoop receiver = new ReceiveLoop();
    private final Object commands = new Object();   // one command at a time: the bridge's confirmations carry no id
    private volatile SocketInbox bridge;
    /** The command waiting for its confirmation: the chat it went to, and the confirmation. */
    private record Pending(String to, CompletableFuture<JsonNode> answer) { }

    private volatile Pending pending;
    private volatile boolean qrReported;

    /** @param http the HTTP client whose WebSocket builder connects to the bridge, or null to build one */
    public WhatsAppChannel(WhatsAppConfig config, HttpClient http) {
        this.config = config;
        this.http = http != null ? http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.allow = AllowList.of(config.allowFrom());
    }

    @Override public String name() { return "whatsapp"; }

    @Override public AllowList allowList() { return allow; }

    @Override public int maxMessageChars() { return MAX_MESSAGE_CHARS; }

    @Override public Duration typingEvery() { return Duration.ofSeconds(8); }

    @Override
    public synchronized void start(InboundSink sink) throws ChannelException {
        if (config.bridgeToken().isBlank()) {
            throw new ChannelException("whatsapp: channels.whatsapp.bridgeToken is empty (the bridge's BRIDGE_TOKEN)");
        }
        receiver.start("whatsapp-bridge", () -> run(sink));
    }

    private void run(InboundSink sink) {
        Duration backoff = Backoff.FIRST;
        while (receiver.running()) {
            try {
                SocketInbox in = SocketInbox.open(http, URI.create(config.bridgeUrl()), QUIET, "whatsapp");
                receiver.connected(in.socket());
                try {
                    ObjectNode auth = Json.object();
                    auth.put("type", "auth");
                    auth.put("token", config.bridgeToken());
                    in.send(Json.write(auth));
                    bridge = in;
                    if (read(in, sink)) return;
                    if (in.closeCode() == 4003) {
                        sink.error("whatsapp: the bridge refused the token (4003 " + in.closeReason() + "); the channel stopped");
                        receiver.stop();
                        return;
                    }
                } finally {
                    bridge = null;
                    Pending p = pending;
                    if (p != null) p.answer().completeExceptionally(new IllegalStateException("the bridge connection ended"));
                    receiver.connected(null);
                    in.abort();
                }
                backoff = Backoff.FIRST;
            } catch (RuntimeException e) {
                if (!receiver.running()) return;
                LOG.warning("whatsapp: cannot reach the bridge at " + config.bridgeUrl() + " (" + e + "); connecting again in "
                        + backoff.toSeconds() + " s");
                backoff = receiver.pause(backoff);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reads the bridge's frames until the connection ends; true when the sink is closed (stop for good). */
    private boolean read(SocketInbox in, InboundSink sink) throws InterruptedException {
        for (String text; (text = in.next(receiver)) != null; ) {
            JsonNode f;
            try {
                f = Json.parse(text);
            } catch (JacksonException e) {
                LOG.warning("whatsapp: a frame that is not JSON ignored");
                continue;
            }
            switch (f.path("type").asString("")) {
                case "message" -> {
                    InboundMessage m = toMessage(f, config);
                    if (m != null && sink.accept(m) == InboundSink.Intake.CLOSED) return true;
                }
                case "sent", "error" -> {
                    // a confirmation names the chat ("sent") or not ("error"); one for another chat is a late one, not ours
                    Pending p = pending;
                    if (p != null && (!f.hasNonNull("to") || f.get("to").asString().equals(p.to()))) p.answer().complete(f);
                }
                case "qr" -> {
                    if (!qrReported) {
                        qrReported = true;
                        sink.error("whatsapp: the bridge is not linked to an account yet: scan the QR code it shows"
                                + " (WhatsApp, Linked Devices)");
                    }
                }
                case "status" -> LOG.info("whatsapp: the bridge says " + f.path("status").asString(""));
                default -> { }
            }
        }
        return false;
    }

    /** A message frame as an inbound message; null for an empty one, or one in a group that does not mention the account. */
    static InboundMessage toMessage(JsonNode f, WhatsAppConfig config) {
        String chat = f.path("sender").asString("");
        String id = f.path("id").asString("");
        String content = f.path("content").asString("").strip();
        if (chat.isEmpty() || id.isEmpty() || content.isEmpty()) return null;
        boolean group = f.path("isGroup").asBoolean(false);
        if (group && config.groupPolicy().equals("mention") && !f.path("wasMentioned").asBoolean(false)) return null;
        String pn = f.path("pn").asString("");
        StringBuilder sender = new StringBuilder(chat);
        if (!pn.isEmpty()) sender.append('|').append(pn);
        String number = (pn.isEmpty() ? chat : pn).split("@")[0].split(":")[0];
        if (!group && !number.isEmpty()) sender.append('|').append(number);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("chat_type", group ? "group" : "direct");
        return new InboundMessage("whatsapp", chat, sender.toString(), content, id, "whatsapp:" + id, null, null, meta);
    }

    @Override
    public void send(OutboundMessage m) throws SendException {
        ObjectNode cmd = Json.object();
        cmd.put("type", "send");
        cmd.put("to", m.chatId());
        cmd.put("text", m.text());
        command(cmd, "send");
    }

    @Override
    public void typing(String chatId, String threadId) throws SendException {
        ObjectNode cmd = Json.object();
        cmd.put("type", "presence");
        cmd.put("to", chatId);
        cmd.put("presence", "composing");
        command(cmd, "presence");
    }

    /** Sends one command and waits for the bridge's confirmation. */
    private void command(ObjectNode cmd, String what) throws SendException {
        synchronized (commands) {
            SocketInbox in = bridge;
            if (in == null) throw SendException.transientFailure("whatsapp " + what + ": the bridge is not connected", null, null);
            CompletableFuture<JsonNode> p = new CompletableFuture<>();
            pending = new Pending(cmd.path("to").asString(""), p);
            try {
                in.send(Json.write(cmd));
                JsonNode answer = p.get(CONFIRM.toSeconds(), TimeUnit.SECONDS);
                if (answer.path("type").asString("").equals("error")) {
                    throw SendException.permanent("whatsapp " + what + ": the bridge says " + answer.path("error").asString(""), null);
                }
            } catch (TimeoutException e) {
                throw SendException.transientFailure("whatsapp " + what + ": no confirmation from the bridge within "
                        + CONFIRM.toSeconds() + " s", null, e);
            } catch (ExecutionException | RuntimeException e) {
                throw SendException.transientFailure("whatsapp " + what + ": " + e.getMessage(), null, e);
            } catch (InterruptedException e) {
                throw SendException.unanswered("whatsapp " + what, e);
            } finally {
                pending = null;
            }
        }
    }

    @Override
    public void close() { receiver.close(); }
}
