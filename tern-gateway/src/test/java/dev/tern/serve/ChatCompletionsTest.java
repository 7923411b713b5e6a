package dev.tern.serve;

import static dev.tern.serve.GatewayFixture.chat;
import static dev.tern.serve.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.json.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/chat/completions} against the simulator: both shapes, server tools, client tools, sessions, errors. */
class ChatCompletionsTest {

    @TempDir Path ws;
    GatewayFixture f;

    @BeforeEach
    void start() throws Exception { f = new GatewayFixture(ws); }

    @AfterEach
    void stop() { f.close(); }

    @Test
    void answersANonStreamedCompletionInOpenAisShape() throws Exception {
        HttpResponse<String> r = f.post("/v1/chat/completions", chat("hello there"));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode j = json(r);
        assertThat(j.path("object").asString()).isEqualTo("chat.completion");
        assertThat(j.path("id").asString()).startsWith("chatcmpl-");
        assertThat(j.path("model").asString()).isEqualTo("tern");
        JsonNode choice = j.path("choices").get(0);
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asString()).startsWith("echo: hello there");
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(j.path("usage").path("total_tokens").asLong()).isPositive();
        assertThat(r.headers().firstValue("X-Trace-Id")).hasValueSatisfying(t -> assertThat(t).matches("[0-9a-f]{32}"));
    }

    @Test
    void streamsChunksThenUsageThenDone() throws Exception {
        HttpResponse<String> r = f.post("/v1/chat/completions", """
                {"model": "tern", "stream": true, "stream_options": {"include_usage": true},
                 "messages": [{"role": "user", "content": "stream me"}]}""");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        List<JsonNode> chunks = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String event : r.body().split("\n\n")) {
            if (!event.startsWith("data: ")) continue;
            String data = event.substring(6);
            if (data.equals("[DONE]")) { chunks.add(null); continue; }
            JsonNode c = Json.parse(data);
            chunks.add(c);
            JsonNode choices = c.path("choices");
            if (!choices.isEmpty()) text.append(choices.get(0).path("delta").path("content").asString(""));
        }
        assertThat(chunks.getLast()).as("[DONE] last").isNull();
        JsonNode first = chunks.getFirst();
        assertThat(first.path("object").asString()).isEqualTo("chat.completion.chunk");
        assertThat(first.path("choices").get(0).path("delta").path("role").asString()).isEqualTo("assistant");
        assertThat(first.has("usage") && first.get("usage").isNull()).isTrue();
        JsonNode usage = chunks.get(chunks.size() - 2);
        assertThat(usage.path("choices").isEmpty()).isTrue();
        assertThat(usage.path("usage").path("completion_tokens").asLong()).isPositive();
        JsonNode fin = chunks.get(chunks.size() - 3);
        assertThat(fin.path("choices").get(0).path("finish_reason").asString()).isEqualTo("stop");
        assertThat(text.toString()).startsWith("echo: stream me");
    }

    @Test
    void serverToolsRunServerSideAndShowInTheTimeline() throws Exception {
        HttpResponse<String> r = f.post("/v1/chat/completions", """
                {"model": "tern", "stream": true, "messages": [{"role": "user", "content": "please read the notes"}]}""");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains(": tern {\"type\":\"tool_started\"").contains("\"tool\":\"read_file\"")
                .contains(": tern {\"type\":\"tool_finished\"").contains("\"ms\":");
        HttpResponse<String> plain = f.post("/v1/chat/completions", chat("please read the notes"));
        assertThat(json(plain).path("choices").get(0).path("message").path("content").asString())
                .startsWith("Let me look.\n\nnotes say: buy milk");
    }

    @Test
    void clientToolsGoBackToTheClientAndTheirResultsContinueTheTurn() throws Exception {
        String tools = """
                "tools": [{"type": "function", "function": {"name": "get_weather", "description": "weather of a city",
                  "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]""";
        HttpResponse<String> first = f.post("/v1/chat/completions", "{\"model\": \"tern\", " + tools
                + ", \"messages\": [{\"role\": \"user\", \"content\": \"what is the weather?\"}]}");

        JsonNode choice = json(first).path("choices").get(0);
        assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
        JsonNode call = choice.path("message").path("tool_calls").get(0);
        assertThat(call.path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(Json.parse(call.path("function").path("arguments").asString()).path("city").asString()).isEqualTo("Paris");

        String history = "[{\"role\": \"user\", \"content\": \"what is the weather?\"}, " + Json.write(choice.path("message"))
                + ", {\"role\": \"tool\", \"tool_call_id\": " + Json.write(call.path("id").asString()) + ", \"content\": \"sunny, 21 C\"}]";
        HttpResponse<String> second = f.post("/v1/chat/completions", "{\"model\": \"tern\", " + tools + ", \"messages\": " + history + "}");

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(json(second).path("choices").get(0).path("message").path("content").asString()).isEqualTo("Paris: sunny, 21 C");
    }

    @Test
    void aMixedAnswerRunsTheServerToolAndReturnsOnlyTheClientCall() throws Exception {
        String body = """
                {"model": "tern", "stream": true, "user": "mixer",
                 "tools": [{"type": "function", "function": {"name": "get_time", "parameters": {"type": "object"}}}],
                 "messages": [{"role": "user", "content": "do both"}]}""";
        HttpResponse<String> first = f.post("/v1/chat/completions", body);

        assertThat(first.body()).contains("\"tool\":\"list_dir\"").contains("\"finish_reason\":\"tool_calls\"")
                .contains("\"name\":\"get_time\"").doesNotContain("\"name\":\"list_dir\"");
        String id = first.body().replaceAll("(?s).*\"id\":\"([^\"]+)\",\"type\":\"function\".*", "$1");
        // the server kept the session ("user"): only the tool result is new
        HttpResponse<String> second = f.post("/v1/chat/completions", """
                {"model": "tern", "user": "mixer",
                 "tools": [{"type": "function", "function": {"name": "get_time", "parameters": {"type": "object"}}}],
                 "messages": [{"role": "tool", "tool_call_id": "%s", "content": "12:00"}]}""".formatted(id));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(json(second).path("choices").get(0).path("message").path("content").asString()).isEqualTo("time 12:00, files listed");
    }

    @Test
    void theServerKeepsASessionAndTheSessionsApiShowsIt() throws Exception {
        HttpResponse<String> one = f.post("/v1/chat/completions", chat("first message"), "X-Tern-Session", "s1");
        HttpResponse<String> two = f.post("/v1/chat/completions", chat("second message"), "X-Tern-Session", "s1");
        assertThat(one.headers().firstValue("X-Tern-Session")).contains("s1");
        assertThat(json(two).path("choices").get(0).path("message").path("content").asString()).startsWith("echo: second message");

        JsonNode list = json(f.get("/v1/sessions"));
        assertThat(list.path("data").findValuesAsString("id")).contains("s1");
        JsonNode s1 = json(f.get("/v1/sessions/s1"));
        assertThat(s1.path("messages").findValuesAsString("role")).containsExactly("user", "assistant", "user", "assistant");
        assertThat(s1.path("messages").get(2).path("content").asString()).startsWith("second message");

        assertThat(f.delete("/v1/sessions/s1").statusCode()).isEqualTo(200);
        assertThat(f.get("/v1/sessions/s1").statusCode()).isEqualTo(404);
        assertThat(f.delete("/v1/sessions/s1").statusCode()).isEqualTo(404);
    }

    @Test
    void errorsComeInOpenAisShapeWithTheRightStatus() throws Exception {
        HttpResponse<String> bad = f.post("/v1/chat/completions", "{not json");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("error").path("type").asString()).isEqualTo("invalid_request_error");

        HttpResponse<String> noMessages = f.post("/v1/chat/completions", "{\"model\": \"tern\"}");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(json(noMessages).path("error").path("param").asString()).isEqualTo("messages");

        HttpResponse<String> wrongType = f.post("/v1/chat/completions", "{\"model\": 5, \"messages\": []}");
        assertThat(wrongType.statusCode()).isEqualTo(400);

        HttpResponse<String> unknown = f.post("/v1/chat/completions",
                "{\"model\": \"tern:agent/nobody\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").path("code").asString()).isEqualTo("model_not_found");

        HttpResponse<String> path = f.get("/v1/nothing");
        assertThat(path.statusCode()).isEqualTo(404);
        assertThat(json(path).path("error").path("message").asString()).contains("/v1/nothing");
    }

    @Test
    void listsModelsAndAnswersHealthAndReadiness() throws Exception {
        JsonNode models = json(f.get("/v1/models"));
        assertThat(models.path("object").asString()).isEqualTo("list");
        assertThat(models.path("data").findValuesAsString("id")).contains("tern");
        assertThat(f.get("/healthz").statusCode()).isEqualTo(200);
        // ready once the start-up work after the port opened (the MCP tools) is done
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> f.get("/readyz").statusCode() == 200);
        assertThat(json(f.get("/readyz")).path("status").asString()).isEqualTo("ready");
    }
}
