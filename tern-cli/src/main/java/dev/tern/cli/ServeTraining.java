package dev.tern.cli;

import dev.tern.serve.Gateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code tern __train --serve} runs for the launcher's second AOT cache ({@code tern-serve.aot}): the gateway
 * on a loopback port against the simulator, with the requests a client and an operator make first, so the classes
 * of {@code tern serve} (Helidon, the gateway, Micrometer) are archived for it without adding them to the cache every
 * {@code tern run} loads.
 */
final class ServeTraining {

    private ServeTraining() { }

    static void run(Path ws, String simBaseUrl) throws IOException, InterruptedException {
        Path config = Files.writeString(ws.resolve("config.json"), "{}");
        Map<String, String> env = Map.of("OPENAI_BASE_URL", simBaseUrl, "OPENAI_API_KEY", "train", "TERN_USER_DIR", ws.resolve("user").toString());
        try (Gateway g = Gateway.start(new Gateway.Options(ws, config, "127.0.0.1", 0, env, List.of(), true, null));
             HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + g.port();
            expect(200, get(http, base + "/healthz"), "/healthz");
            Instant until = Instant.now().plusSeconds(30);
            while (get(http, base + "/readyz") != 200) {
                if (Instant.now().isAfter(until)) throw new IOException("the gateway was not ready within 30 s");
                Thread.sleep(20);
            }
            for (boolean stream : new boolean[] {true, false, true}) {
                String body = "{\"model\": \"echo\", \"stream\": " + stream + ", \"messages\": [{\"role\": \"user\", \"content\": \"hello\"}]}";
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                expect(200, r.statusCode(), "/v1/chat/completions");
                if (!r.body().contains("echo: hello")) throw new IOException("/v1/chat/completions answered: " + r.body());
            }
            expect(200, get(http, base + "/v1/models"), "/v1/models");
            expect(200, get(http, base + "/metrics"), "/metrics");
        }
    }

    private static void expect(int expected, int status, String path) throws IOException {
        if (status != expected) throw new IOException(path + " answered " + status);
    }

    private static int get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
