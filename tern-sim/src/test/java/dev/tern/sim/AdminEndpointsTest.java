package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AdminEndpointsTest {

    @Test
    void scenariosCanBeAddedOverHttpAndStatsReadAndReset() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.defaults())) {
            SimClient c = new SimClient(server);
            HttpResponse<String> added = c.post("/sim/scenarios",
                    "{\"name\": \"greet\", \"match\": {\"userContains\": \"hi\"}, \"steps\": [{\"text\": \"hello {{user}}\"}]}");
            assertThat(added.statusCode()).isEqualTo(200);
            assertThat(SimClient.json(added).get("added").get(0).stringValue()).isEqualTo("greet");
            HttpResponse<String> bad = c.post("/sim/scenarios", "{\"name\": \"x\"}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(SimClient.json(bad).get("error").get("message").stringValue()).contains("steps");

            assertThat(SimClient.json(c.openAi(SimClient.openAiRequest("m", "hi there").toString()))
                    .get("choices").get(0).get("message").get("content").stringValue()).isEqualTo("hello hi there");
            c.openAi("{}");

            JsonNode stats = SimClient.json(c.get("/sim/stats"));
            assertThat(stats.get("byScenario").get("greet").asLong()).isEqualTo(1);
            assertThat(stats.get("byEndpoint").get("POST /v1/chat/completions").asLong()).isEqualTo(2);
            assertThat(stats.get("byStatus").get("400").asLong()).isEqualTo(2);
            assertThat(stats.get("outputTokens").asLong()).isPositive();
            assertThat(stats.get("requests").asLong()).isEqualTo(5);

            assertThat(c.post("/sim/reset", "").statusCode()).isEqualTo(200);
            SimStats after = server.stats();
            assertThat(after.byScenario()).isEmpty();
            assertThat(after.outputTokens()).isZero();
            assertThat(server.scenarios()).extracting(Scenario::name).contains("greet");
        }
    }

    @Test
    void runtimeAddReplacesByName() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().scenario(Scenario.of("s", Step.text("v1"))).build())) {
            SimClient c = new SimClient(server);
            server.addScenario(Scenario.of("s", Step.text("v2")));
            assertThat(SimClient.json(c.openAi(SimClient.openAiRequest("sim:s", "x").toString()))
                    .get("choices").get(0).get("message").get("content").stringValue()).isEqualTo("v2");
            assertThat(server.scenarios()).hasSize(1);
        }
    }

    @Test
    void simMainParsesItsArguments() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("scn", ".json");
        try {
            java.nio.file.Files.writeString(f, "{\"name\": \"cli\", \"steps\": [{\"text\": \"from cli\"}]}");
            SimConfig cfg = SimMain.parse(new String[] {"--port", "0", "--scenario", f.toString(), "--ttft-ms", "300",
                    "--token-ms", "5"});
            assertThat(cfg.latency()).isEqualTo(new Latency(300, 5));
            assertThat(cfg.scenarios()).extracting(Scenario::name).containsExactly("cli");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimMain.parse(new String[] {"--ttft-ms", "x"}))
                    .hasMessage("--ttft-ms needs a non-negative integer, got 'x'");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimMain.parse(new String[] {"--bogus"}))
                    .hasMessage("unknown argument '--bogus'");
        } finally {
            java.nio.file.Files.delete(f);
        }
    }

    @Test
    void simMainParsesTheOptionsOfTheNewEndpoints(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("a.json"), "{\"name\": \"a\", \"steps\": [{\"text\": \"A\"}]}");
        java.nio.file.Files.writeString(dir.resolve("b.json"), "[{\"name\": \"b\", \"steps\": [{\"text\": \"B\"}]}]");
        SimConfig cfg = SimMain.parse(new String[] {"--scenario", dir.toString(), "--scenario-dir", dir.toString(),
                "--request-log", "10", "--request-log-bytes", "1000", "--context-window", "4096", "--context-window", "sim:a=100", "--batch-ms", "250",
                "--batch-expiry-ms", "1000", "--batch-fail", "^bad", "--embedding-dimensions", "32", "--http2"});
        assertThat(cfg.scenarios()).extracting(Scenario::name).containsExactly("a", "b");
        assertThat(cfg.scenarioDir()).isEqualTo(dir);
        assertThat(cfg.requestLog()).isEqualTo(10);
        assertThat(cfg.requestLogBytes()).isEqualTo(1000);
        assertThat(cfg.contextWindow()).isEqualTo(4096);
        assertThat(cfg.contextWindows()).containsEntry("sim:a", 100L);
        assertThat(cfg.batches().processingMs()).isEqualTo(250);
        assertThat(cfg.batches().expiryMs()).isEqualTo(1000);
        assertThat(cfg.batches().failCustomIds().pattern()).isEqualTo("^bad");
        assertThat(cfg.embeddingDimensions()).isEqualTo(32);
        assertThat(cfg.http2()).isTrue();
        assertThat(SimMain.parse(new String[0]).http2()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimMain.parse(new String[] {"--context-window", "x=y"}))
                .hasMessageContaining("--context-window needs N or MODEL=N");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimMain.parse(new String[] {"--batch-fail", "("}))
                .hasMessageStartingWith("--batch-fail: bad regex");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimMain.parse(new String[] {"--scenario-dir",
                dir.resolve("a.json").toString()})).hasMessageContaining("is not a directory");
    }
}
