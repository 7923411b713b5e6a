package dev.tern.channels.testutil;

import dev.tern.json.Json;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local stand-in for nanobot's WhatsApp bridge ({@code bridge/src/server.ts}), the protocol as it speaks it: the first
 * frame must be {@code {"type": "auth", "token"}} (another token: close 4003 "Invalid token"); then it broadcasts
 * {@code message}, {@code qr} and {@code status} frames, and answers every command ({@code send}, {@code presence}) with
 * {@code {"type": "sent", "to"}}, or {@code {"type": "error", "error"}} when it fails.
 */
public final class FakeWhatsAppBridge implements AutoCloseable {

    private final String token;
    private final WebServer server;
    private final List<JsonNode> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private volatile WsSession client;      // authenticated
    private volatile boolean failNextSend;

    public FakeWhatsAppBridge(String token) {
        this.token = token;
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .addRouting(WsRouting.builder().endpoint("/", new Bridge())).build().start();
    }

    public String url() { return "ws://127.0.0.1:" + server.port() + "/"; }

    /** The commands the client sent after authenticating, in order. */
    public List<JsonNode> commands() { return List.copyOf(commands); }

    public List<JsonNode> commands(String type) {
        return commands.stream().filter(c -> c.path("type").asString("").equals(type)).toList();
    }

    /** Connections opened (authenticated or not). */
    public int connections() { return connections.get(); }

    public boolean authenticated() { return client != null; }

    /** The next {@code send} fails as WhatsApp would refuse it. */
    public void failNextSend() { failNextSend = true; }

    /** A WhatsApp message arrives; returns its id. */
    public String message(String chat, String pn, String content, boolean group, boolean mentioned) {
        ObjectNode m = Json.object();
        String id = "3EB0" + ids.incrementAndGet();
        m.put("type", "message");
        m.put("id", id);
        m.put("sender", chat);
        m.put("pn", pn);
        m.put("content", content);
        m.put("timestamp", System.currentTimeMillis() / 1000);
        m.put("isGroup", group);
        if (group) m.put("wasMentioned", mentioned);
        broadcast(m);
        return id;
    }

    /** The bridge waits for its QR code to be scanned. */
    public void qr() {
        ObjectNode q = Json.object();
        q.put("type", "qr");
        q.put("qr", "2@abc,def,ghi");
        broadcast(q);
    }

    /** The bridge process goes away (it is restarted): the connection closes. */
    public void restart() {
        WsSession s = client;
        client = null;
        if (s != null) s.close(1001, "bridge restarting");
    }

    private synchronized void broadcast(ObjectNode frame) {
        WsSession s = client;
        if (s == null) throw new IllegalStateException("no authenticated client");
        s.send(Json.write(frame), true);
    }

    private final class Bridge implements WsListener {
        @Override
        public void onOpen(WsSession s) { connections.incrementAndGet(); }

        @Override
        public void onMessage(WsSession s, String text, boolean last) {
            JsonNode msg = Json.parse(text);
            if (client != s) {   // the first frame: the auth handshake
                if (msg.path("type").asString("").equals("auth") && msg.path("token").asString("").equals(token)) client = s;
                else s.close(4003, "Invalid token");
                return;
            }
            commands.add(msg);
            ObjectNode answer = Json.object();
            if (msg.path("type").asString("").equals("send") && failNextSend) {
                failNextSend = false;
                answer.put("type", "error");
                answer.put("error", "Error: not-authorized");
            } else {
                answer.put("type", "sent");
                answer.put("to", msg.path("to").asString(""));
            }
            synchronized (FakeWhatsAppBridge.this) {
                s.send(Json.write(answer), true);
            }
        }

        @Override
        public void onClose(WsSession s, int status, String reason) {
            if (client == s) client = null;
        }
    }

    @Override
    public void close() { server.stop(); }
}
