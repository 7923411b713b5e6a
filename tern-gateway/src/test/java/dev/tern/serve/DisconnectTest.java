package dev.tern.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tern.json.Json;
import dev.tern.provider.HttpModelProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A client that goes away in the middle of a streamed answer cancels its turn: the model call stops (the
 * simulator sees the upstream request end long before its answer would have), the turn ends, and the session
 * keeps only what the journal held before the answer (the user's message; no half answer).
 */
class DisconnectTest {

    @TempDir Path ws;

    @Test
    void aClientThatGoesAwayWhileTextStreamsCancelsTheTurn() throws Exception {
        try (GatewayFixture f = new GatewayFixture(ws, "{}", Map.of(), c -> c.withKeepAlive(Duration.ofMillis(200)))) {
            try (Socket s = stream(f, "drip-1", "drip by drip please")) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.contains("\"content\":\"one")) break; // the answer is streaming: the client leaves now
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> f.sim.stats().inFlight() == 1);
            }
            // 30 tokens at 1 s each would take half a minute more; the turn ends as soon as a write fails
            await().atMost(Duration.ofSeconds(10)).until(() -> f.gateway.turns().running() == 0 && upstream(f) == 0
                    && f.sim.stats().inFlight() == 0);
            assertOnlyTheUserMessage(f, "drip-1", "drip by drip please");
        }
    }

    @Test
    void aClientThatGoesAwayWhileTheModelIsSilentIsFoundByTheKeepAlive() throws Exception {
        try (GatewayFixture f = new GatewayFixture(ws, "{}", Map.of(), c -> c.withKeepAlive(Duration.ofMillis(200)))) {
            try (Socket s = stream(f, "stall-1", "think for long please")) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                boolean role = false;
                for (String line; (line = in.readLine()) != null; ) {
                    role |= line.contains("\"role\":\"assistant\"");
                    if (line.equals(": keep-alive")) break; // the model is silent (60 s to its first token); the stream is kept alive
                }
                assertThat(role).isTrue();
                assertThat(upstream(f)).isEqualTo(1);
            }
            // the simulator only notices when it writes (60 s from now); the gateway's provider has let the call go
            await().atMost(Duration.ofSeconds(10)).until(() -> f.gateway.turns().running() == 0 && upstream(f) == 0);
            assertOnlyTheUserMessage(f, "stall-1", "think for long please");
            // the server is fine afterwards
            assertThat(f.post("/v1/chat/completions", GatewayFixture.chat("please read the notes"), "X-Tern-Session", "after-1").statusCode())
                    .isEqualTo(200);
        }
    }

    /** Model calls the gateway's provider has in flight. */
    private static int upstream(GatewayFixture f) {
        var space = f.gateway.users().rootSpace();
        return ((HttpModelProvider) space.gateway().providerFor(space.model())).inFlight();
    }

    private static Socket stream(GatewayFixture f, String session, String text) throws Exception {
        Socket s = new Socket("127.0.0.1", f.gateway.port());
        s.setSoTimeout(20_000);
        byte[] body = ("{\"model\":\"tern\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":" + Json.write(text) + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Tern-Session: " + session
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return s;
    }

    private static void assertOnlyTheUserMessage(GatewayFixture f, String session, String text) throws Exception {
        JsonNode s = GatewayFixture.json(f.get("/v1/sessions/" + session));
        assertThat(s.path("messages").size()).as(s.toString()).isEqualTo(1);
        assertThat(s.path("messages").get(0).path("role").asString()).isEqualTo("user");
        assertThat(s.path("messages").get(0).path("content").asString()).startsWith(text);
    }
}
