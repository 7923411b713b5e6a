package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class LatencyTest {

    @Test
    void streamWaitsTtftThenSpacesTokens() throws Exception {
        // 20 pieces of 16 chars = 80 tokens at 5 ms = 400 ms after a 300 ms ttft
        Scenario s = Scenario.of("slow", Step.text("abcdefghijklmnop".repeat(20))).withLatency(new Latency(300, 5));
        try (SimServer server = SimServer.start(SimConfig.builder().scenario(s).build())) {
            SimClient c = new SimClient(server);
            ObjectNode req = SimClient.openAiRequest("sim:slow", "x");
            req.put("stream", true);
            long t0 = System.nanoTime();
            HttpResponse<InputStream> r = c.http.send(HttpRequest.newBuilder(URI.create(c.base + "/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(req.toString())).build(), HttpResponse.BodyHandlers.ofInputStream());
            long headersMs = ms(t0);
            long firstContentMs = -1;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (firstContentMs < 0 && line.contains("\"content\":\"abc")) firstContentMs = ms(t0);
                }
            }
            long totalMs = ms(t0);
            assertThat(headersMs).as("headers come before the first token").isLessThan(250);
            assertThat(firstContentMs).isGreaterThanOrEqualTo(300);
            assertThat(totalMs).isGreaterThanOrEqualTo(700);
            assertThat(totalMs - firstContentMs).as("tokens are spread out, not sent at once").isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void nonStreamingWaitsTheTotalAndConcurrentRequestsOverlap() throws Exception {
        Scenario s = Scenario.of("wait", Step.text("0123456789abcdef".repeat(2))).withLatency(new Latency(300, 0));
        try (SimServer server = SimServer.start(SimConfig.builder().scenario(s).build());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            SimClient c = new SimClient(server);
            String body = SimClient.openAiRequest("sim:wait", "x").toString();
            long t0 = System.nanoTime();
            List<Future<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) fs.add(pool.submit(() -> c.openAi(body).statusCode()));
            for (Future<Integer> f : fs) assertThat(f.get()).isEqualTo(200);
            long ms = ms(t0);
            assertThat(ms).isGreaterThanOrEqualTo(300);
            assertThat(ms).as("16 × 300 ms overlap").isLessThan((long) (0.5 * 16 * 300));
        }
    }

    private static long ms(long t0) { return (System.nanoTime() - t0) / 1_000_000; }
}
