package dev.tern.channels.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.tern.channels.ChannelEvent;
import dev.tern.channels.ChannelManager;
import dev.tern.channels.SendRetry;
import dev.tern.channels.config.WebhookConfig;
import dev.tern.channels.testutil.AgentTurns;
import dev.tern.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The webhook channel over real HTTP both ways, with signatures checked on both sides. */
class WebhookChannelTest {

    private static final String SECRET = "shared-secret";
    private final WebhookSignature sig = new WebhookSignature(SECRET);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ChannelEvent> events = new CopyOnWriteArrayList<>();
    private final List<JsonNode> delivered = new CopyOnWriteArrayList<>();
    private final List<String> badSignatures = new CopyOnWriteArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();
    @TempDir Path ws;
    private HttpServer receiver;
    private AgentTurns turns;
    private ChannelManager manager;
    private int port;

    @BeforeEach
    void up() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        receiver.createContext("/answers", ex -> {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String bad = sig.check(ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                    ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER), body, Clock.systemUTC());
            int status;
            synchronized (statuses) {
                status = statuses.isEmpty() ? 200 : statuses.poll();
            }
            if (bad != null) badSignatures.add(bad);
            else if (status == 200) delivered.add(Json.parse(new String(body, StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        turns = new AgentTurns(ws, "[{\"text\": \"Order 42 ships tomorrow.\"}]");
        WebhookConfig cfg = new WebhookConfig(true, SECRET, "127.0.0.1", port, "/hook",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/answers", List.of("crm-user-1", "crm-user-2"), 16_000);
        manager = ChannelManager.builder(turns).stateDir(ws.resolve(".tern/channels")).listener(events::add)
                .retry(new SendRetry(3, Duration.ofMillis(10), Duration.ofMillis(50), d -> Thread.sleep(d.toMillis()))).build();
        manager.add(new WebhookChannel(cfg, http, Clock.systemUTC())).start();
    }

    @AfterEach
    void down() {
        manager.close();
        turns.close();
        receiver.stop(0);
    }

    private HttpResponse<String> post(String json, long timestamp, String signature) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook"))
                .POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        if (signature != null) b.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp)).header(WebhookSignature.SIGNATURE_HEADER, signature);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> signed(String json) throws IOException, InterruptedException {
        long now = System.currentTimeMillis() / 1000;
        return post(json, now, sig.sign(now, json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSignedMessageIsAnsweredWithASignedPost() throws Exception {
        HttpResponse<String> r = signed("{\"id\": \"evt-1\", \"chatId\": \"ticket-7\", \"senderId\": \"crm-user-1\", \"text\": \"Where is order 42?\"}");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(Json.parse(r.body()).get("status").asString()).isEqualTo("queued");
        await().atMost(20, TimeUnit.SECONDS).until(() -> delivered.size() == 1);
        JsonNode answer = delivered.get(0);
        assertThat(answer.get("chatId").asString()).isEqualTo("ticket-7");
        assertThat(answer.get("text").asString()).isEqualTo("Order 42 ships tomorrow.");
        assertThat(answer.get("replyTo").asString()).isEqualTo("evt-1");
        assertThat(answer.get("part").asInt()).isEqualTo(1);
        assertThat(answer.get("parts").asInt()).isEqualTo(1);
        assertThat(badSignatures).isEmpty();
        assertThat(turns.requests.get(0).sessionKey()).isEqualTo("webhook:ticket-7");

        HttpResponse<String> again = signed("{\"id\": \"evt-1\", \"chat_id\": \"ticket-7\", \"sender_id\": \"crm-user-1\", \"text\": \"Where is order 42?\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("duplicate");
    }

    @Test
    void unsignedForgedStaleMalformedAndStrangerRequestsAreRefused() throws Exception {
        String ok = "{\"id\": \"e\", \"chatId\": \"c\", \"senderId\": \"crm-user-1\", \"text\": \"hi\"}";
        long now = System.currentTimeMillis() / 1000;
        assertThat(post(ok, now, null).statusCode()).isEqualTo(401);
        assertThat(post(ok, now, sig.sign(now, "{}".getBytes(StandardCharsets.UTF_8))).body()).contains("bad signature");
        assertThat(post(ok, now, new WebhookSignature("other").sign(now, ok.getBytes(StandardCharsets.UTF_8))).statusCode()).isEqualTo(401);
        HttpResponse<String> stale = post(ok, now - 3600, sig.sign(now - 3600, ok.getBytes(StandardCharsets.UTF_8)));
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(stale.body()).contains("away from now");
        assertThat(signed("not json").statusCode()).isEqualTo(400);
        assertThat(signed("{\"id\": \"e2\", \"chatId\": \"c\", \"senderId\": \"crm-user-1\"}").body()).contains("'text' is required");
        HttpResponse<String> stranger = signed("{\"id\": \"e3\", \"chatId\": \"c\", \"senderId\": \"intruder\", \"text\": \"hi\"}");
        assertThat(stranger.statusCode()).isEqualTo(403);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(events).contains(new ChannelEvent.Denied("webhook", "c", "intruder"));
        assertThat(turns.requests).isEmpty();
    }

    @Test
    void aReceiverHiccupIsRetriedAndARefusalIsReported() throws Exception {
        synchronized (statuses) {
            statuses.add(503);
        }
        signed("{\"id\": \"r1\", \"chatId\": \"c1\", \"senderId\": \"crm-user-2\", \"text\": \"first\"}");
        await().atMost(20, TimeUnit.SECONDS).until(() -> delivered.size() == 1);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(ChannelEvent.SendRetrying.class));
        synchronized (statuses) {
            statuses.add(400);
        }
        signed("{\"id\": \"r2\", \"chatId\": \"c2\", \"senderId\": \"crm-user-2\", \"text\": \"second\"}");
        await().atMost(20, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e -> e instanceof ChannelEvent.SendFailed));
        assertThat(events).filteredOn(e -> e instanceof ChannelEvent.SendFailed).singleElement()
                .satisfies(e -> assertThat(((ChannelEvent.SendFailed) e).reason()).endsWith("HTTP 400"));
    }
}
