package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class OpenAiWireTest {

    static SimServer server;
    static SimClient client;

    @BeforeAll
    static void start() {
        server = SimServer.start(SimConfig.builder()
                .scenario(Scenario.parse("""
                        {"name": "weather", "match": {"userContains": "weather"},
                         "steps": [
                           {"toolCalls": [{"name": "get_weather", "arguments": {"city": "Paris"}},
                                          {"name": "get_time", "arguments": {"tz": "CET"}}]},
                           {"text": "Paris: {{toolResult:get_weather}} at {{toolResult:get_time}} [{{toolResults}}]"}
                         ]}"""))
                .scenario(Scenario.parse("""
                        {"name": "broken-args", "steps": [
                           {"toolCalls": [{"name": "read_file", "rawArguments": "{\\"path\\": \\"a.txt\\""}]}]}"""))
                .scenario(Scenario.parse("""
                        {"name": "long", "steps": [{"text": "%s"}]}""".formatted("word ".repeat(200).trim())))
                .build());
        client = new SimClient(server);
    }

    @AfterAll
    static void stop() { server.close(); }

    @Test
    void nonStreamingEchoHasTheRealShapeAndUsage() throws Exception {
        HttpResponse<String> r = client.openAi(SimClient.openAiRequest("gpt-4o", "hello there").toString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
        JsonNode body = SimClient.json(r);
        assertThat(body.get("object").stringValue()).isEqualTo("chat.completion");
        assertThat(body.get("model").stringValue()).isEqualTo("gpt-4o");
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("message").get("role").stringValue()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").stringValue()).isEqualTo("echo: hello there");
        assertThat(choice.get("finish_reason").stringValue()).isEqualTo("stop");
        JsonNode usage = body.get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isPositive();
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(("echo: hello there".length() + 3) / 4);
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
        assertThat(usage.get("prompt_tokens_details").get("cached_tokens").asInt()).isZero();
    }

    @Test
    void streamingTextArrivesInSeveralDeltasThenUsageChunkThenDone() throws Exception {
        ObjectNode req = SimClient.openAiRequest("sim:long", "go");
        req.put("stream", true);
        req.putObject("stream_options").put("include_usage", true);
        HttpResponse<String> r = client.openAi(req.toString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        List<SimClient.Event> events = SimClient.events(r.body());
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        int contentChunks = 0;
        String finish = null;
        for (SimClient.Event e : events.subList(0, events.size() - 2)) {
            JsonNode chunk = e.json();
            assertThat(chunk.get("object").stringValue()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("usage").isNull()).isTrue();
            JsonNode choice = chunk.get("choices").get(0);
            JsonNode content = choice.get("delta").get("content");
            if (content != null && !content.stringValue().isEmpty()) {
                text.append(content.stringValue());
                contentChunks++;
            }
            if (!choice.get("finish_reason").isNull()) finish = choice.get("finish_reason").stringValue();
        }
        assertThat(text.toString()).isEqualTo("word ".repeat(200).trim());
        assertThat(contentChunks).isGreaterThan(10);
        assertThat(finish).isEqualTo("stop");
        JsonNode usageChunk = events.get(events.size() - 2).json();
        assertThat(usageChunk.get("choices")).isEmpty();
        assertThat(usageChunk.get("usage").get("completion_tokens").asInt()).isEqualTo((999 + 3) / 4);
    }

    @Test
    void streamingWithoutIncludeUsageSendsNoUsageChunk() throws Exception {
        ObjectNode req = SimClient.openAiRequest("gpt-4o", "hi");
        req.put("stream", true);
        List<SimClient.Event> events = SimClient.events(client.openAi(req.toString()).body());
        for (SimClient.Event e : events.subList(0, events.size() - 1)) {
            assertThat(e.json().has("usage")).isFalse();
            assertThat(e.json().get("choices")).isNotEmpty();
        }
    }

    @Test
    void streamedToolCallDeltasAssembleIntoTheScriptedCallsAndResultsComeBackInOrder() throws Exception {
        ObjectNode req = SimClient.openAiRequest("gpt-4o", "what's the weather in Paris?");
        req.put("stream", true);
        List<SimClient.Event> events = SimClient.events(client.openAi(req.toString()).body());
        Map<Integer, String> ids = new TreeMap<>();
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, StringBuilder> args = new TreeMap<>();
        Map<Integer, Integer> fragments = new TreeMap<>();
        String finish = null;
        for (SimClient.Event e : events) {
            if (e.data().equals("[DONE]")) continue;
            JsonNode choice = e.json().get("choices").get(0);
            if (!choice.get("finish_reason").isNull()) finish = choice.get("finish_reason").stringValue();
            JsonNode calls = choice.get("delta").get("tool_calls");
            if (calls == null) continue;
            for (JsonNode c : calls) {
                int i = c.get("index").asInt();
                if (c.has("id")) ids.put(i, c.get("id").stringValue());
                if (c.get("function").has("name")) names.put(i, c.get("function").get("name").stringValue());
                String frag = c.get("function").get("arguments").stringValue();
                args.computeIfAbsent(i, k -> new StringBuilder()).append(frag);
                if (!frag.isEmpty()) fragments.merge(i, 1, Integer::sum);
            }
        }
        assertThat(finish).isEqualTo("tool_calls");
        assertThat(names).containsExactly(Map.entry(0, "get_weather"), Map.entry(1, "get_time"));
        assertThat(SimClient.JSON.readTree(args.get(0).toString())).isEqualTo(SimClient.JSON.readTree("{\"city\":\"Paris\"}"));
        assertThat(SimClient.JSON.readTree(args.get(1).toString())).isEqualTo(SimClient.JSON.readTree("{\"tz\":\"CET\"}"));
        assertThat(fragments.get(0)).isEqualTo(3);
        assertThat(ids.values()).doesNotHaveDuplicates().allMatch(id -> id.startsWith("call_"));

        // second turn: answer both calls; the template proves each result reached its name and the order
        ObjectNode assistant = SimClient.JSON.createObjectNode().put("role", "assistant");
        assistant.putNull("content");
        var tcs = assistant.putArray("tool_calls");
        for (int i : ids.keySet())
            tcs.addObject().put("id", ids.get(i)).put("type", "function").putObject("function")
                    .put("name", names.get(i)).put("arguments", args.get(i).toString());
        ObjectNode next = SimClient.openAiRequest("gpt-4o", "what's the weather in Paris?");
        SimClient.appendOpenAiTurn(next, assistant, List.of("18C sunny", "14:05"));
        HttpResponse<String> r = client.openAi(next.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(SimClient.json(r).get("choices").get(0).get("message").get("content").stringValue())
                .isEqualTo("Paris: 18C sunny at 14:05 [18C sunny | 14:05]");
    }

    @Test
    void nonStreamingToolCallsAndRawMalformedArguments() throws Exception {
        JsonNode msg = SimClient.json(client.openAi(SimClient.openAiRequest("gpt-4o", "weather?").toString()))
                .get("choices").get(0);
        assertThat(msg.get("finish_reason").stringValue()).isEqualTo("tool_calls");
        assertThat(msg.get("message").get("content").isNull()).isTrue();
        assertThat(msg.get("message").get("tool_calls")).hasSize(2);

        JsonNode broken = SimClient.json(client.openAi(SimClient.openAiRequest("sim:broken-args", "x").toString()))
                .get("choices").get(0).get("message").get("tool_calls").get(0).get("function");
        assertThat(broken.get("arguments").stringValue()).isEqualTo("{\"path\": \"a.txt\"");
    }

    @Test
    void stepSelectionIsStatelessAndPastTheEndRepeatsTextOrSaysDone() throws Exception {
        // step index = assistant messages after the last user message; no server state involved
        ObjectNode req = SimClient.openAiRequest("gpt-4o", "weather?");
        JsonNode assistant = SimClient.json(client.openAi(req.toString())).get("choices").get(0).get("message");
        SimClient.appendOpenAiTurn(req, assistant, List.of("a", "b"));
        JsonNode second = SimClient.json(client.openAi(req.toString())).get("choices").get(0).get("message");
        SimClient.appendOpenAiTurn(req, second, List.of());
        req.withArray("messages").addObject().put("role", "user").put("content", "and again");
        // a new user message resets the step index to 0: tool calls again
        JsonNode third = SimClient.json(client.openAi(req.toString())).get("choices").get(0).get("message");
        assertThat(third.get("tool_calls")).hasSize(2);
        // the same request sent twice gives the same step (retries are safe)
        JsonNode again = SimClient.json(client.openAi(req.toString())).get("choices").get(0).get("message");
        assertThat(again.get("tool_calls").get(0).get("function").get("name").stringValue()).isEqualTo("get_weather");

        // past the last step of a tool-only scenario: "done"
        ObjectNode b = SimClient.openAiRequest("sim:broken-args", "x");
        JsonNode call = SimClient.json(client.openAi(b.toString())).get("choices").get(0).get("message");
        SimClient.appendOpenAiTurn(b, call, List.of("content"));
        assertThat(SimClient.json(client.openAi(b.toString())).get("choices").get(0).get("message").get("content")
                .stringValue()).isEqualTo("done");
    }

    @Test
    void scenarioSelectionByHeaderModelAndMatch() throws Exception {
        String viaHeader = SimClient.json(client.openAi(SimClient.openAiRequest("gpt-4o", "hi").toString(),
                "X-Sim-Scenario", "long")).get("choices").get(0).get("message").get("content").stringValue();
        assertThat(viaHeader).startsWith("word word");
        String viaName = SimClient.json(client.openAi(SimClient.openAiRequest("long", "hi").toString()))
                .get("choices").get(0).get("message").get("content").stringValue();
        assertThat(viaName).startsWith("word word");
        HttpResponse<String> unknown = client.openAi(SimClient.openAiRequest("sim:nope", "hi").toString());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(unknown).get("error").get("message").stringValue()).contains("nope");
    }

    @Test
    void validationErrorsUseTheRealErrorShape() throws Exception {
        HttpResponse<String> noModel = client.openAi("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(noModel.statusCode()).isEqualTo(400);
        JsonNode err = SimClient.json(noModel).get("error");
        assertThat(err.get("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(err.get("message").stringValue()).isEqualTo("you must provide a model parameter");
        assertThat(err.has("param")).isTrue();
        assertThat(err.has("code")).isTrue();

        JsonNode noMessages = SimClient.json(client.openAi("{\"model\":\"m\"}")).get("error");
        assertThat(noMessages.get("param").stringValue()).isEqualTo("messages");
        assertThat(noMessages.get("code").stringValue()).isEqualTo("missing_required_parameter");

        assertThat(client.openAi("not json").statusCode()).isEqualTo(400);

        String orphanTool = """
                {"model":"m","messages":[{"role":"user","content":"x"},
                 {"role":"tool","tool_call_id":"call_1","content":"r"}]}""";
        HttpResponse<String> r = client.openAi(orphanTool);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(r).get("error").get("message").stringValue()).contains("role 'tool'");

        String wrongId = """
                {"model":"m","messages":[{"role":"user","content":"x"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                   "function":{"name":"f","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"call_2","content":"r"}]}""";
        r = client.openAi(wrongId);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(r).get("error").get("message").stringValue()).contains("call_2");

        String missingResult = """
                {"model":"m","messages":[{"role":"user","content":"x"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                   "function":{"name":"f","arguments":"{}"}}]},
                 {"role":"user","content":"y"}]}""";
        r = client.openAi(missingResult);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(r).get("error").get("message").stringValue()).contains("call_1");
    }

    @Test
    void maxTokensTruncatesWithFinishReasonLength() throws Exception {
        ObjectNode req = SimClient.openAiRequest("sim:long", "go");
        req.put("max_completion_tokens", 10);
        JsonNode body = SimClient.json(client.openAi(req.toString()));
        assertThat(body.get("choices").get(0).get("finish_reason").stringValue()).isEqualTo("length");
        assertThat(body.get("choices").get(0).get("message").get("content").stringValue()).hasSize(40);
        assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(10);
    }

    @Test
    void modelsListsScenarios() throws Exception {
        JsonNode body = SimClient.json(client.get("/v1/models"));
        assertThat(body.get("object").stringValue()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        body.get("data").forEach(m -> ids.add(m.get("id").stringValue()));
        assertThat(ids).contains("sim:weather", "sim:long", "echo");
    }
}
