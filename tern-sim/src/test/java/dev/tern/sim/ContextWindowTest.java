package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ContextWindowTest {

    static SimServer start() {
        return SimServer.start(SimConfig.builder()
                .scenario(Scenario.parse("{\"name\": \"small\", \"contextWindow\": 50, \"steps\": [{\"text\": \"ok\"}]}"))
                .scenario(Scenario.of("plain", Step.text("ok")))
                .contextWindow("gpt-4o-mini", 128_000)
                .contextWindow("sim:plain", 8192)
                .build());
    }

    @Test
    void modelListsCarryTheWindowInBothShapes() throws Exception {
        try (SimServer server = start()) {
            SimClient c = new SimClient(server);
            JsonNode openAi = SimClient.json(c.get("/v1/models"));
            assertThat(entry(openAi, "sim:small").get("max_model_len").asLong()).isEqualTo(50);
            assertThat(entry(openAi, "sim:small").get("context_length").asLong()).isEqualTo(50);
            assertThat(entry(openAi, "sim:plain").get("max_model_len").asLong()).isEqualTo(8192);
            assertThat(entry(openAi, "gpt-4o-mini").get("context_length").asLong()).isEqualTo(128_000);
            assertThat(entry(openAi, "echo").has("max_model_len")).as("no window configured: no field").isFalse();
            JsonNode anthropic = SimClient.json(c.get("/v1/models", "anthropic-version", "2023-06-01"));
            assertThat(entry(anthropic, "sim:small").get("max_input_tokens").asLong()).isEqualTo(50);
            assertThat(entry(anthropic, "sim:small").get("type").stringValue()).isEqualTo("model");

            JsonNode one = SimClient.json(c.get("/v1/models/sim:small,ctx=4096"));
            assertThat(one.get("id").stringValue()).isEqualTo("sim:small,ctx=4096");
            assertThat(one.get("max_model_len").asLong()).as("the ctx option wins").isEqualTo(4096);
            assertThat(SimClient.json(c.get("/v1/models/gpt-4o-mini", "anthropic-version", "2023-06-01"))
                    .get("max_input_tokens").asLong()).isEqualTo(128_000);
            HttpResponse<String> missing = c.get("/v1/models/sim:nope");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(SimClient.json(missing).get("error").get("code").stringValue()).isEqualTo("model_not_found");
        }
    }

    private static JsonNode entry(JsonNode list, String id) {
        for (JsonNode m : list.get("data")) if (m.get("id").stringValue().equals(id)) return m;
        throw new AssertionError("no model " + id + " in " + list);
    }

    @Test
    void tooLongPromptsGetTheRealErrors() throws Exception {
        try (SimServer server = start()) {
            SimClient c = new SimClient(server);
            String longText = "lorem ipsum ".repeat(50); // ~150 tokens
            HttpResponse<String> o = c.openAi(SimClient.openAiRequest("sim:small", longText).toString());
            assertThat(o.statusCode()).isEqualTo(400);
            JsonNode err = SimClient.json(o).get("error");
            assertThat(err.get("code").stringValue()).isEqualTo("context_length_exceeded");
            assertThat(err.get("type").stringValue()).isEqualTo("invalid_request_error");
            assertThat(err.get("param").stringValue()).isEqualTo("messages");
            assertThat(err.get("message").stringValue())
                    .matches("This model's maximum context length is 50 tokens\\. However, your messages resulted in "
                            + "\\d+ tokens\\. Please reduce the length of the messages\\.");

            HttpResponse<String> a = c.anthropic(SimClient.anthropicRequest("sim:small", longText).toString());
            assertThat(a.statusCode()).isEqualTo(400);
            assertThat(SimClient.json(a).get("error").get("type").stringValue()).isEqualTo("invalid_request_error");
            assertThat(SimClient.json(a).get("error").get("message").stringValue())
                    .matches("prompt is too long: \\d+ tokens > 50 maximum");

            ObjectNode fits = SimClient.anthropicRequest("sim:small", "hi");
            fits.put("max_tokens", 10);
            assertThat(c.anthropic(fits.toString()).statusCode()).isEqualTo(200);
            fits.put("max_tokens", 1000);
            HttpResponse<String> withOutput = c.anthropic(fits.toString());
            assertThat(withOutput.statusCode()).isEqualTo(400);
            assertThat(SimClient.json(withOutput).get("error").get("message").stringValue())
                    .matches("input length and `max_tokens` exceed context limit: \\d+ \\+ 1000 > 50, decrease input "
                            + "length or `max_tokens` and try again");
            ObjectNode openAiFits = SimClient.openAiRequest("sim:small", "hi");
            openAiFits.put("max_tokens", 1000);
            assertThat(SimClient.json(c.openAi(openAiFits.toString())).get("error").get("message").stringValue())
                    .contains("However, you requested").contains("1000 in the completion");

            assertThat(c.openAi(SimClient.openAiRequest("sim:plain", longText).toString()).statusCode()).isEqualTo(200);
            assertThat(c.openAi(SimClient.openAiRequest("sim:plain,ctx=20", longText).toString()).statusCode())
                    .as("the model option narrows the window").isEqualTo(400);
            assertThat(c.openAi(SimClient.openAiRequest("sim:small,ctx=0", longText).toString()).statusCode())
                    .as("ctx=0 lifts it").isEqualTo(200);
            assertThat(server.stats().status(400)).isEqualTo(5);
        }
    }

    @Test
    void aServerWideDefaultWindowAppliesToEveryModel() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().contextWindow(30).build())) {
            SimClient c = new SimClient(server);
            assertThat(c.openAi(SimClient.openAiRequest("anything", "short").toString()).statusCode()).isEqualTo(200);
            assertThat(c.openAi(SimClient.openAiRequest("anything", "word ".repeat(100)).toString()).statusCode())
                    .isEqualTo(400);
            assertThat(SimClient.json(c.get("/v1/models/anything")).get("max_model_len").asLong()).isEqualTo(30);
        }
    }
}
