package dev.tern.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.tern.channels.webhook.WebhookSignature;
import dev.tern.json.Json;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tern serve starts the channels: the webhook channel mounted on the gateway answers through an ordinary turn, counted on /metrics. */
class ChannelsThroughServeTest {

    static final String SECRET = "s3cret-for-tests";

    @TempDir Path ws;

    @Test
    void aSignedWebhookMessageIsAnsweredThroughATurnAndItsSessionIsKept() throws Exception {
        List<String> answers = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/answers", ex -> {
            answers.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        String config = """
                {"channels": {"webhook": {"enabled": true, "secret": "%s", "path": "/hook", "allowFrom": ["*"],
                  "url": "http://127.0.0.1:%d/answers"}}}""".formatted(SECRET, receiver.getAddress().getPort());
        try (GatewayFixture f = new GatewayFixture(ws, config, Map.of(), null)) {
            assertThat(f.gateway.channels().running()).contains("webhook");
            byte[] body = "{\"id\": \"m1\", \"chatId\": \"chat-1\", \"senderId\": \"ann\", \"text\": \"hello from a webhook\"}"
                    .getBytes(StandardCharsets.UTF_8);
            long now = System.currentTimeMillis() / 1000;
            HttpResponse<String> r = f.http.send(HttpRequest.newBuilder(URI.create(f.url("/hook")))
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
                    .header(WebhookSignature.SIGNATURE_HEADER, new WebhookSignature(SECRET).sign(now, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(20)).until(() -> !answers.isEmpty());
            assertThat(Json.parse(answers.getFirst()).path("text").asString()).startsWith("echo: hello from a webhook");
            assertThat(GatewayFixture.json(f.get("/v1/sessions")).path("data").findValuesAsString("id")).contains("webhook:chat-1");
            // an unsigned request is refused by the channel, answered by the gateway
            assertThat(f.post("/hook", new String(body, StandardCharsets.UTF_8)).statusCode()).isEqualTo(401);
            // what the channel did, on /metrics
            await().atMost(Duration.ofSeconds(10)).until(() -> f.get("/metrics").body().contains("tern_channel_replies_total{channel=\"webhook\"} 1.0"));
            assertThat(f.get("/metrics").body())
                    .contains("tern_channel_messages_total{channel=\"webhook\",outcome=\"received\"} 1.0")
                    .contains("tern_channel_up{channel=\"webhook\"} 1.0");
        } finally {
            receiver.stop(0);
        }
    }
}
