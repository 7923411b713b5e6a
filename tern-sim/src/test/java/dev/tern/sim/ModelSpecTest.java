package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ModelSpecTest {

    @Test
    void parsesScenarioNamesWithColonsAndOptions() {
        ModelSpec s = ModelSpec.parse("sim:file:writer,lat=1000,tok=5,len=300,seed=-7,ctx=8192");
        assertThat(s.scenario()).isEqualTo("file:writer");
        assertThat(s.ttftMs()).isEqualTo(1000);
        assertThat(s.tokenMs()).isEqualTo(5);
        assertThat(s.length()).isEqualTo(300);
        assertThat(s.seed()).isEqualTo(-7);
        assertThat(s.context()).isEqualTo(8192);
        assertThat(s.base()).isEqualTo("sim:file:writer");
        assertThat(ModelSpec.parse("sim:weather").scenario()).isEqualTo("weather");
        assertThat(ModelSpec.parse("sim:weather").ttftMs()).isEqualTo(-1);
        assertThat(ModelSpec.parse("sim:,lat=5").scenario()).as("options only: normal selection").isNull();
        assertThat(ModelSpec.parse("gpt-4o,lat=5").scenario()).as("not a sim spec: a plain model").isNull();
        assertThat(ModelSpec.parse("gpt-4o,lat=5").ttftMs()).isEqualTo(-1);
        assertThat(ModelSpec.parse("sim:a, lat = 3 ,").ttftMs()).isEqualTo(3);
    }

    @Test
    void badOptionsFailWithOneLineReasons() {
        assertThatThrownBy(() -> ModelSpec.parse("sim:writer,speed=3"))
                .hasMessage("unknown sim model option 'speed' in 'sim:writer,speed=3' (keys: lat, tok, len, seed, ctx)");
        assertThatThrownBy(() -> ModelSpec.parse("sim:writer,lat=fast"))
                .hasMessage("sim model option 'lat' in 'sim:writer,lat=fast' needs a non-negative integer, got 'fast'");
        assertThatThrownBy(() -> ModelSpec.parse("sim:writer,lat=-1")).hasMessageContaining("non-negative integer");
        assertThatThrownBy(() -> ModelSpec.parse("sim:writer,lat")).hasMessageContaining("is not key=value");
    }

    @Test
    void optionsApplyOverHttpAndTheModelIsEchoed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("writer.json"), """
                // the file's own name is ignored: it is addressed as file:writer
                {"name": "anything", "steps": [{"text": "[{{section}}] {{lorem}}"}]}""");
        try (SimServer server = SimServer.start(SimConfig.builder().scenarioDir(dir).build())) {
            SimClient c = new SimClient(server);
            String model = "sim:file:writer,lat=400,len=50";
            long t0 = System.nanoTime();
            JsonNode body = SimClient.json(c.openAi(SimClient.openAiRequest(model, "Write section \"Risks\".").toString()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("lat=400 is the time to first token").isGreaterThanOrEqualTo(400);
            assertThat(body.get("model").stringValue()).isEqualTo(model);
            String text = body.get("choices").get(0).get("message").get("content").stringValue();
            assertThat(text).startsWith("[Risks] ");
            assertThat(body.get("usage").get("completion_tokens").asInt()).isBetween(50, 60);
            assertThat(server.stats().scenario("file:writer")).isEqualTo(1);

            JsonNode anthropic = SimClient.json(c.anthropic(SimClient.anthropicRequest("sim:file:writer,len=10", "section: Intro")
                    .toString()));
            assertThat(anthropic.get("model").stringValue()).isEqualTo("sim:file:writer,len=10");
            assertThat(anthropic.get("content").get(0).get("text").stringValue()).startsWith("[Intro] ");

            // the file is re-read when it changes
            Files.writeString(dir.resolve("writer.json"), "{\"name\": \"w\", \"steps\": [{\"text\": \"v2\"}]}");
            Files.setLastModifiedTime(dir.resolve("writer.json"),
                    java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
            assertThat(SimClient.json(c.openAi(SimClient.openAiRequest("sim:file:writer", "x").toString()))
                    .get("choices").get(0).get("message").get("content").stringValue()).isEqualTo("v2");
            assertThat(SimClient.json(c.get("/v1/models")).toString()).contains("\"sim:file:writer\"");
        }
    }

    @Test
    void unknownScenariosKeysAndFilesAre400InBothApis(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.json"), "{\"name\": \"b\"}");
        try (SimServer server = SimServer.start(SimConfig.builder().scenarioDir(dir).build());
             SimServer noDir = SimServer.start()) {
            SimClient c = new SimClient(server);
            HttpResponse<String> key = c.openAi(SimClient.openAiRequest("sim:echo,speed=1", "x").toString());
            assertThat(key.statusCode()).isEqualTo(400);
            assertThat(SimClient.json(key).get("error").get("message").stringValue())
                    .isEqualTo("unknown sim model option 'speed' in 'sim:echo,speed=1' (keys: lat, tok, len, seed, ctx)");
            assertThat(SimClient.json(key).get("error").get("param").stringValue()).isEqualTo("model");
            HttpResponse<String> anthropicKey = c.anthropic(SimClient.anthropicRequest("sim:echo,tok=x", "x").toString());
            assertThat(anthropicKey.statusCode()).isEqualTo(400);
            assertThat(SimClient.json(anthropicKey).get("error").get("type").stringValue()).isEqualTo("invalid_request_error");
            assertThat(SimClient.json(anthropicKey).get("error").get("message").stringValue()).contains("'tok'");

            HttpResponse<String> missing = c.openAi(SimClient.openAiRequest("sim:file:nope", "x").toString());
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(SimClient.json(missing).get("error").get("message").stringValue())
                    .isEqualTo("unknown sim scenario 'file:nope' (model)");
            HttpResponse<String> broken = c.openAi(SimClient.openAiRequest("sim:file:broken", "x").toString());
            assertThat(broken.statusCode()).isEqualTo(400);
            assertThat(SimClient.json(broken).get("error").get("message").stringValue()).contains("'steps'");
            HttpResponse<String> escape = c.openAi(SimClient.openAiRequest("sim:file:../etc/passwd", "x").toString());
            assertThat(escape.statusCode()).isEqualTo(400);
            assertThat(SimClient.json(escape).get("error").get("message").stringValue()).contains("bad scenario file name");

            HttpResponse<String> noDirectory = new SimClient(noDir).openAi(
                    SimClient.openAiRequest("sim:file:writer", "x").toString());
            assertThat(noDirectory.statusCode()).isEqualTo(400);
            assertThat(SimClient.json(noDirectory).get("error").get("message").stringValue())
                    .contains("started without a scenario directory (--scenario-dir)");

            JsonNode ok = SimClient.json(c.openAi(SimClient.openAiRequest("sim:,lat=0", "hello").toString()));
            assertThat(ok.get("choices").get(0).get("message").get("content").stringValue()).isEqualTo("echo: hello");
        }
    }

    @Test
    void optionLatencySitsBetweenTheStepAndTheScenario() {
        Scenario s = Scenario.of("s", Step.text("a"), Step.text("b").withLatency(new Latency(7, -1)))
                .withLatency(new Latency(100, 100));
        var planner = new dev.tern.sim.engine.Planner(new Latency(1, 1));
        var first = dev.tern.sim.engine.Conversation.of(java.util.List.of(dev.tern.sim.engine.Turn.user("x")));
        assertThat(planner.plan(s, first, ModelSpec.parse("sim:s,lat=5")).latency()).isEqualTo(new Latency(5, 100));
        var second = dev.tern.sim.engine.Conversation.of(java.util.List.of(dev.tern.sim.engine.Turn.user("x"),
                new dev.tern.sim.engine.Turn(dev.tern.sim.engine.Turn.Kind.ASSISTANT, "a", java.util.List.of(),
                        java.util.List.of())));
        assertThat(planner.plan(s, second, ModelSpec.parse("sim:s,lat=5,tok=2")).latency()).isEqualTo(new Latency(7, 2));
    }
}
