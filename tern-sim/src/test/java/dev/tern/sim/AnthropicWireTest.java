package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class AnthropicWireTest {

    static SimServer server;
    static SimClient client;

    @BeforeAll
    static void start() {
        server = SimServer.start(SimConfig.builder()
                .scenario(Scenario.parse("""
                        {"name": "files", "match": {"userRegex": "read .*files"},
                         "steps": [
                           {"thinking": "I should read both files first.",
                            "toolCalls": [{"name": "read_file", "arguments": {"path": "a.txt"}},
                                          {"name": "read_file", "arguments": {"path": "b.txt"}}]},
                           {"text": "Results: {{toolResults}}"}
                         ]}"""))
                .build());
        client = new SimClient(server);
    }

    @AfterAll
    static void stop() { server.close(); }

    @Test
    void nonStreamingMessageShape() throws Exception {
        HttpResponse<String> r = client.anthropic(SimClient.anthropicRequest("claude-x", "hello").toString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("request-id")).isPresent();
        JsonNode m = SimClient.json(r);
        assertThat(m.get("type").stringValue()).isEqualTo("message");
        assertThat(m.get("role").stringValue()).isEqualTo("assistant");
        assertThat(m.get("id").stringValue()).startsWith("msg_");
        assertThat(m.get("content").get(0).get("type").stringValue()).isEqualTo("text");
        assertThat(m.get("content").get(0).get("text").stringValue()).isEqualTo("echo: hello");
        assertThat(m.get("stop_reason").stringValue()).isEqualTo("end_turn");
        assertThat(m.get("stop_sequence").isNull()).isTrue();
        JsonNode u = m.get("usage");
        assertThat(u.get("input_tokens").asInt()).isPositive();
        assertThat(u.get("output_tokens").asInt()).isEqualTo(("echo: hello".length() + 3) / 4);
        assertThat(u.get("cache_creation_input_tokens").asInt()).isZero();
        assertThat(u.get("cache_read_input_tokens").asInt()).isZero();
    }

    @Test
    void streamFollowsTheEventGrammarAndDeltasAssemble() throws Exception {
        ObjectNode req = SimClient.anthropicRequest("claude-x", "please read the files");
        req.put("stream", true);
        HttpResponse<String> r = client.anthropic(req.toString());
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        List<SimClient.Event> events = SimClient.events(r.body());
        List<String> names = events.stream().map(SimClient.Event::name).toList();
        assertThat(names.get(0)).isEqualTo("message_start");
        assertThat(names.get(1)).isEqualTo("content_block_start");
        assertThat(names.get(2)).isEqualTo("ping");
        assertThat(names.get(names.size() - 2)).isEqualTo("message_delta");
        assertThat(names.get(names.size() - 1)).isEqualTo("message_stop");
        for (SimClient.Event e : events) assertThat(e.json().get("type").stringValue()).isEqualTo(e.name());

        // rebuild blocks from the events like an SDK does
        List<ObjectNode> blocks = new ArrayList<>();
        List<StringBuilder> partial = new ArrayList<>();
        String signature = null;
        int open = -1;
        for (SimClient.Event e : events) {
            JsonNode d = e.json();
            switch (e.name()) {
                case "content_block_start" -> {
                    assertThat(open).as("blocks never overlap").isEqualTo(-1);
                    open = d.get("index").asInt();
                    assertThat(open).isEqualTo(blocks.size());
                    blocks.add((ObjectNode) d.get("content_block"));
                    partial.add(new StringBuilder());
                }
                case "content_block_delta" -> {
                    assertThat(d.get("index").asInt()).isEqualTo(open);
                    JsonNode delta = d.get("delta");
                    switch (delta.get("type").stringValue()) {
                        case "thinking_delta" -> partial.get(open).append(delta.get("thinking").stringValue());
                        case "signature_delta" -> signature = delta.get("signature").stringValue();
                        case "input_json_delta" -> partial.get(open).append(delta.get("partial_json").stringValue());
                        case "text_delta" -> partial.get(open).append(delta.get("text").stringValue());
                        default -> throw new AssertionError("unexpected delta " + delta);
                    }
                }
                case "content_block_stop" -> {
                    assertThat(d.get("index").asInt()).isEqualTo(open);
                    open = -1;
                }
                default -> { }
            }
        }
        assertThat(blocks).extracting(b -> b.get("type").stringValue()).containsExactly("thinking", "tool_use", "tool_use");
        assertThat(partial.get(0).toString()).isEqualTo("I should read both files first.");
        assertThat(signature).isNotBlank();
        assertThat(SimClient.JSON.readTree(partial.get(1).toString()).get("path").stringValue()).isEqualTo("a.txt");
        assertThat(SimClient.JSON.readTree(partial.get(2).toString()).get("path").stringValue()).isEqualTo("b.txt");
        JsonNode md = events.get(events.size() - 2).json();
        assertThat(md.get("delta").get("stop_reason").stringValue()).isEqualTo("tool_use");
        assertThat(md.get("usage").get("output_tokens").asInt()).isPositive();
        JsonNode start = events.get(0).json().get("message");
        assertThat(start.get("content")).isEmpty();
        assertThat(start.get("usage").get("input_tokens").asInt()).isPositive();

        // next turn: echo the thinking block with its signature and answer both tool uses
        ArrayNode content = SimClient.JSON.createArrayNode();
        content.addObject().put("type", "thinking").put("thinking", partial.get(0).toString()).put("signature", signature);
        for (int i = 1; i < 3; i++) {
            ObjectNode tu = blocks.get(i).deepCopy();
            tu.set("input", SimClient.JSON.readTree(partial.get(i).toString()));
            content.add(tu);
        }
        ObjectNode next = SimClient.anthropicRequest("claude-x", "please read the files");
        SimClient.appendAnthropicTurn(next, content, List.of("alpha", "beta"));
        HttpResponse<String> r2 = client.anthropic(next.toString());
        assertThat(r2.statusCode()).as(r2.body()).isEqualTo(200);
        assertThat(SimClient.json(r2).get("content").get(0).get("text").stringValue()).isEqualTo("Results: alpha | beta");

        // a tampered thinking block is refused like the real API does
        ((ObjectNode) next.get("messages").get(1).get("content").get(0)).put("thinking", "edited");
        assertThat(client.anthropic(next.toString()).statusCode()).isEqualTo(400);
    }

    @Test
    void awkwardCharactersSurviveBothStreamsIntact() throws Exception {
        String nasty = "say \"hi\" \\ back\\slash\nnew\rline\ttab \u0001\u001f é ü 中文 😀 </script> \u2028".repeat(3);
        ObjectNode ant = SimClient.anthropicRequest("claude-x", nasty);
        ant.put("stream", true);
        StringBuilder text = new StringBuilder();
        for (SimClient.Event e : SimClient.events(client.anthropic(ant.toString()).body()))
            if ("content_block_delta".equals(e.name())) text.append(e.json().get("delta").get("text").stringValue());
        assertThat(text.toString()).isEqualTo("echo: " + nasty);

        ObjectNode oai = SimClient.openAiRequest("gpt", nasty);
        oai.put("stream", true);
        StringBuilder t2 = new StringBuilder();
        for (SimClient.Event e : SimClient.events(client.openAi(oai.toString()).body())) {
            if (e.data().equals("[DONE]")) continue;
            JsonNode c = e.json().get("choices").get(0).get("delta").get("content");
            if (c != null && !c.isNull()) t2.append(c.stringValue());
        }
        assertThat(t2.toString()).isEqualTo("echo: " + nasty);
    }

    @Test
    void nonStreamingToolUseCarriesParsedInput() throws Exception {
        JsonNode m = SimClient.json(client.anthropic(SimClient.anthropicRequest("claude-x", "read my files").toString()));
        assertThat(m.get("stop_reason").stringValue()).isEqualTo("tool_use");
        assertThat(m.get("content").get(0).get("type").stringValue()).isEqualTo("thinking");
        assertThat(m.get("content").get(0).get("signature").stringValue()).isNotBlank();
        JsonNode tu = m.get("content").get(1);
        assertThat(tu.get("id").stringValue()).startsWith("toolu_");
        assertThat(tu.get("input").get("path").stringValue()).isEqualTo("a.txt");
    }

    @Test
    void validationAndHeaderErrorsUseTheRealErrorShape() throws Exception {
        HttpResponse<String> noVersion = client.post("/v1/messages", SimClient.anthropicRequest("m", "x").toString());
        assertThat(noVersion.statusCode()).isEqualTo(400);
        JsonNode err = SimClient.json(noVersion);
        assertThat(err.get("type").stringValue()).isEqualTo("error");
        assertThat(err.get("error").get("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(err.get("error").get("message").stringValue()).contains("anthropic-version");
        assertThat(err.get("request_id").stringValue()).isEqualTo(noVersion.headers().firstValue("request-id").orElseThrow());

        ObjectNode noMax = SimClient.anthropicRequest("m", "x");
        noMax.remove("max_tokens");
        HttpResponse<String> r = client.anthropic(noMax.toString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(r).get("error").get("message").stringValue()).isEqualTo("max_tokens: Field required");

        String orphan = """
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"x"},
                 {"role":"assistant","content":[{"type":"text","text":"hm"}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_9","content":"r"}]}]}""";
        r = client.anthropic(orphan);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(r).get("error").get("message").stringValue()).contains("toolu_9").contains("tool_use");

        String unanswered = """
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"x"},
                 {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"f","input":{}}]},
                 {"role":"user","content":"never mind"}]}""";
        r = client.anthropic(unanswered);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(r).get("error").get("message").stringValue()).contains("toolu_1");

        String systemRole = """
                {"model":"m","max_tokens":10,"messages":[{"role":"system","content":"x"}]}""";
        assertThat(client.anthropic(systemRole).statusCode()).isEqualTo(400);
    }

    @Test
    void countTokensMatchesTheUsageOfTheSameRequestAndHasNoCacheSideEffects() throws Exception {
        ObjectNode req = SimClient.anthropicRequest("claude-x", "count me " + "please ".repeat(50));
        long usageInput = SimClient.json(client.anthropic(req.toString())).get("usage").get("input_tokens").asLong();
        req.remove("max_tokens");
        HttpResponse<String> r = client.post("/v1/messages/count_tokens", req.toString(), "anthropic-version", "2023-06-01");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(SimClient.json(r).get("input_tokens").asLong()).isEqualTo(usageInput);
        assertThat(client.post("/v1/messages/count_tokens", "{\"model\":\"m\"}", "anthropic-version", "2023-06-01")
                .statusCode()).isEqualTo(400);
    }

    @Test
    void anthropicModelListShape() throws Exception {
        JsonNode body = SimClient.json(client.get("/v1/models", "anthropic-version", "2023-06-01"));
        assertThat(body.get("data").get(0).get("type").stringValue()).isEqualTo("model");
        assertThat(body.get("has_more").asBoolean()).isFalse();
    }
}
