package dev.tern.channels.discord;

import dev.tern.channels.InboundMessage;
import dev.tern.channels.InboundSink;
import dev.tern.channels.SocketInbox;
import dev.tern.channels.config.DiscordConfig;
import dev.tern.json.Json;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Gateway connection of the {@link DiscordChannel}, on the channel's thread: the opcodes, the heartbeat, the close
 * codes. It ends by saying what the channel does next ({@link End}).
 */
final class GatewaySession {

    private static final Logger LOG = Logger.getLogger(GatewaySession.class.getName());

    /** Why a connection ended. */
    enum End {
        /** connect again and resume (RECONNECT, a dropped or dead connection) */
        RECONNECT,
        /** the session cannot be resumed or must be identified again: connect again after 1-5 s */
        INVALID_SESSION,
        /** the token or the intents were refused: the channel stops, the reason reported */
        FATAL,
        /** the channel is closing */
        STOP
    }

    private final SocketInbox in;
    private final DiscordChannel.GatewayState state;
    private final DiscordConfig config;
    private final InboundSink sink;
    private final BooleanSupplier running;

    GatewaySession(SocketInbox in, DiscordChannel.GatewayState state, DiscordConfig config, InboundSink sink,
                   BooleanSupplier running) {
        this.in = in;
        this.state = state;
        this.config = config;
        this.sink = sink;
        this.running = running;
    }

    End run() throws InterruptedException {
        long interval = -1;
        long nextBeat = Long.MAX_VALUE;
        boolean acked = true;
        while (running.getAsBoolean()) {
            long now = System.nanoTime();
            long waitMs = nextBeat == Long.MAX_VALUE ? 1000 : Math.max(0, Math.min(1000, (nextBeat - now) / 1_000_000));
            String text = in.poll(waitMs);
            if (text == null && in.over()) return closed(in.closeCode(), in.closeReason());
            if (text == null) {
                if (interval > 0 && System.nanoTime() - nextBeat >= 0) {
                    if (!acked) {
                        LOG.warning("discord: no heartbeat acknowledgement within " + interval + " ms; resuming on a new connection");
                        return End.RECONNECT;
                    }
                    beat();
                    acked = false;
                    nextBeat = System.nanoTime() + interval * 1_000_000;
                }
                continue;
            }
            JsonNode p;
            try {
                p = Json.parse(text);
            } catch (JacksonException e) {
                LOG.warning("discord: a frame that is not JSON ignored");
                continue;
            }
            JsonNode d = p.path("d");
            switch (p.path("op").asInt(-1)) {
                case 10 -> {   // HELLO: the first heartbeat after interval × jitter, as the gateway asks
                    interval = d.path("heartbeat_interval").asLong(41_250);
                    nextBeat = System.nanoTime() + (long) (interval * ThreadLocalRandom.current().nextDouble()) * 1_000_000;
                    if (state.resumable()) resume();
                    else identify();
                }
                case 11 -> acked = true;
                case 1 -> beat();   // the gateway asks for a heartbeat now
                case 7 -> { return End.RECONNECT; }
                case 9 -> {
                    if (!d.asBoolean(false)) state.forget();
                    return End.INVALID_SESSION;
                }
                case 0 -> {
                    if (p.hasNonNull("s")) state.seq = p.get("s").asLong();
                    if (dispatch(p.path("t").asString(""), d) == End.STOP) return End.STOP;
                }
                default -> { }
            }
        }
        return End.STOP;
    }

    private End dispatch(String type, JsonNode d) throws InterruptedException {
        switch (type) {
            case "READY" -> {
                state.sessionId = d.path("session_id").asString(null);
                state.resumeGatewayUrl = d.path("resume_gateway_url").asString(null);
                state.botUserId = d.path("user").path("id").asString(null);
            }
            case "MESSAGE_CREATE" -> {
                InboundMessage m = DiscordChannel.toMessage(d, state.botUserId, config);
                if (m != null && sink.accept(m) == InboundSink.Intake.CLOSED) return End.STOP;
            }
            default -> { }   // RESUMED, guilds, presences ...
        }
        return null;
    }

    /** What the channel does after the gateway closed the connection with {@code code}. */
    private End closed(int code, String reason) {
        String why = code + (reason == null || reason.isBlank() ? "" : " " + reason);
        switch (code) {
            case 4004 -> {
                sink.error("discord: the gateway refused the token (" + why + "); the channel stopped");
                return End.FATAL;
            }
            case 4010, 4011, 4012, 4013, 4014 -> {
                sink.error("discord: the gateway closed the connection (" + why + ")"
                        + (code == 4014 ? ": switch on the message content intent for the bot in the Developer Portal" : "")
                        + "; the channel stopped");
                return End.FATAL;
            }
            case 4007, 4009 -> {   // invalid sequence, session timed out: identify anew
                state.forget();
                return End.RECONNECT;
            }
            default -> {
                LOG.fine("discord: connection closed (" + why + "); resuming");
                return End.RECONNECT;
            }
        }
    }

    private void identify() {
        ObjectNode d = Json.object();
        d.put("token", config.token());
        d.put("intents", config.intents());
        ObjectNode props = d.putObject("properties");
        props.put("os", System.getProperty("os.name", "linux").toLowerCase(java.util.Locale.ROOT));
        props.put("browser", "tern");
        props.put("device", "tern");
        send(2, d);
    }

    private void resume() {
        ObjectNode d = Json.object();
        d.put("token", config.token());
        d.put("session_id", state.sessionId);
        d.put("seq", state.seq);
        send(6, d);
    }

    private void beat() {
        ObjectNode p = Json.object();
        p.put("op", 1);
        if (state.seq < 0) p.putNull("d");
        else p.put("d", state.seq);
        write(p);
    }

    private void send(int op, ObjectNode d) {
        ObjectNode p = Json.object();
        p.put("op", op);
        p.set("d", d);
        write(p);
    }

    private void write(ObjectNode payload) { in.send(Json.write(payload)); }
}
