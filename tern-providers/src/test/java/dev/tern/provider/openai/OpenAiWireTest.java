package dev.tern.provider.openai;

import dev.tern.json.Json;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.ModelException;
import dev.tern.model.StopReason;
import dev.tern.model.StreamListener;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.model.Usage;
import dev.tern.provider.LoopbackServer;
import dev.tern.http.HttpTransport;
import dev.tern.provider.http.ProviderConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Chat Completions wire format, both directions, against a loopback server. */
class OpenAiWireTest {

    private static final HttpTransport TRANSPORT = HttpTransport.create();
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}";

    @AfterAll
    static void close() { TRANSPORT.close(); }

    private static ChatRequest toolRoundTrip() {
        List<Message> history = List.of(
                Message.system("You are terse."),
                Message.user("read a.txt and b.txt"),
                new AssistantMessage("", List.of(new ToolCall("call_1", "read_file", "{\"path\":\"a.txt\"}"),
                        new ToolCall("call_2", "read_file", "{\"path\": \"b.txt\"   }"))),
                new ToolResultMessage("call_1", "read_file", "alpha", false),
                new ToolResultMessage("call_2", "read_file", "no such file", true));
        return ChatRequest.builder("gpt-test").messages(history)
                .tools(List.of(new ToolSpec("read_file", "Read a file", SCHEMA)))
                .toolChoice(ChatRequest.ToolChoice.TOOL, "read_file")
                .maxOutputTokens(256).temperature(0.2).cacheKey("session-42").build();
    }

    @Test
    void requestMapsEveryMessageKindAndKeepsSchemasAndArgumentsByteIdentical() {
        OpenAiProvider p = new OpenAiProvider(TRANSPORT, ProviderConfig.of("openai", "https://api.openai.com/v1", "k"));
        String json = p.requestJson(toolRoundTrip(), true);
        assertThat(json).contains("\"parameters\":" + SCHEMA);
        JsonNode root = Json.parse(json);
        assertThat(root.path("model").asString()).isEqualTo("gpt-test");
        JsonNode msgs = root.path("messages");
        assertThat(msgs).hasSize(5);
        assertThat(msgs.get(0).path("role").asString()).isEqualTo("system");
        assertThat(msgs.get(2).path("content").isNull()).isTrue();
        assertThat(msgs.get(2).path("tool_calls").get(1).path("function").path("arguments").asString())
                .isEqualTo("{\"path\": \"b.txt\"   }");
        assertThat(msgs.get(3).path("role").asString()).isEqualTo("tool");
        assertThat(msgs.get(3).path("tool_call_id").asString()).isEqualTo("call_1");
        assertThat(msgs.get(4).path("content").asString()).isEqualTo("no such file");
        assertThat(root.path("tool_choice").path("function").path("name").asString()).isEqualTo("read_file");
        assertThat(root.path("max_completion_tokens").asInt()).isEqualTo(256);
        assertThat(root.has("max_tokens")).isFalse();
        assertThat(root.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(root.path("prompt_cache_key").asString()).isEqualTo("session-42");
        assertThat(root.path("stream").asBoolean()).isTrue();
        assertThat(root.path("stream_options").path("include_usage").asBoolean()).isTrue();
        // identical requests serialize to identical bytes (prompt-cache friendly)
        assertThat(p.requestJson(toolRoundTrip(), true)).isEqualTo(json);
    }

    @Test
    void aGrowingHistoryThroughOneProviderIsWrittenByteForByteAsAFreshProviderWritesIt() {
        OpenAiProvider reused = new OpenAiProvider(TRANSPORT, ProviderConfig.of("openai", "https://api.openai.com/v1", "k"));
        List<Message> history = new ArrayList<>(toolRoundTrip().messages());
        for (int turn = 0; turn < 10; turn++) { // across EncodedParts.MIN_MESSAGES: written afresh, then from the cache
            ChatRequest req = toolRoundTrip().withMessages(List.copyOf(history));
            String json = reused.requestJson(req, turn % 2 == 0);
            assertThat(json).isEqualTo(new OpenAiProvider(TRANSPORT, ProviderConfig.of("openai", "https://api.openai.com/v1", "k"))
                    .requestJson(req, turn % 2 == 0));
            assertThat(Json.parse(json).path("messages")).hasSize(history.size());
            history.add(new AssistantMessage("answer " + turn + " \u00e9\"\n", List.of()));
            history.add(Message.user("more, with a quote \" and a tab \t"));
        }
    }

    @Test
    void compatibleServersGetMaxTokens() {
        OpenAiProvider p = new OpenAiProvider(TRANSPORT, ProviderConfig.of("openai", "http://localhost:11434/v1", ""));
        JsonNode root = Json.parse(p.requestJson(toolRoundTrip(), false));
        assertThat(root.path("max_tokens").asInt()).isEqualTo(256);
        assertThat(root.has("stream")).isFalse();
    }

    @Test
    void streamedParallelToolCallsAreAssembledByIndexWithIdsAndUsage() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> {
            ex.startStream(200);
            ex.event("{\"id\":\"c1\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"hmm\"}}]}");
            ex.event("{\"id\":\"c1\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Let me \"}}]}");
            ex.event("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"look.\"}}]}");
            ex.event("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"\"}}]}}]}");
            ex.event("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"list_dir\",\"arguments\":\"{\\\"pa\"}}]}}]}");
            ex.event("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"path\\\":\"}}]}}]}");
            ex.event("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"a.txt\\\"}\"}},{\"index\":1,\"function\":{\"arguments\":\"th\\\":\\\".\\\"}\"}}]}}]}");
            ex.event("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}");
            ex.event("{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":1200,\"completion_tokens\":30,\"prompt_tokens_details\":{\"cached_tokens\":1024}}}");
            ex.send(": trailing comment\n\n");
            ex.event("[DONE]");
            ex.end();
        })) {
            OpenAiProvider p = new OpenAiProvider(TRANSPORT, ProviderConfig.of("openai", server.baseUrl() + "/v1", "k"));
            List<String> log = new ArrayList<>();
            ChatResponse r = p.stream(toolRoundTrip(), new StreamListener() {
                @Override public void onFirstByte() { log.add("first"); }
                @Override public void onText(String d) { log.add("text:" + d); }
                @Override public void onThinking(String d) { log.add("think:" + d); }
                @Override public void onToolCallStart(int i, String id, String name) { log.add("start:" + i + ":" + id + ":" + name); }
                @Override public void onToolCallArguments(int i, String d) { log.add("args:" + i + ":" + d); }
            });
            assertThat(r.message().text()).isEqualTo("Let me look.");
            assertThat(r.message().toolCalls()).containsExactly(
                    new ToolCall("call_a", "read_file", "{\"path\":\"a.txt\"}"),
                    new ToolCall("call_b", "list_dir", "{\"path\":\".\"}"));
            assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
            assertThat(r.usage()).isEqualTo(new Usage(176, 30, 1024, 0));
            assertThat(r.model()).isEqualTo("gpt-x");
            assertThat(r.id()).isEqualTo("c1");
            assertThat(log).startsWith("first", "think:hmm", "text:Let me ", "text:look.", "start:0:call_a:read_file",
                    "start:1:call_b:list_dir", "args:1:{\"pa");
            assertThat(server.requests().getFirst().path()).isEqualTo("/v1/chat/completions");
            assertThat(server.requests().getFirst().headers()).containsEntry("authorization", "Bearer k");
        }
    }

    @Test
    void laxServersWithoutIndexesOrWithRepeatedIndexesStillYieldSeparateCalls() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> {
            ex.startStream(200);
            if (req.body().contains("noindex")) {
                ex.event("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":["
                        + "{\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"{\\\"path\\\":\\\"x\\\"}\"}},"
                        + "{\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"list_dir\",\"arguments\":\"{}\"}}]}}]}");
            } else {
                ex.event("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"read_file\",\"arguments\":\"{\\\"pa\"}}]}}]}");
                ex.event("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"th\\\":1}\"}}]}}]}");
                ex.event("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"b\",\"function\":{\"name\":\"list_dir\",\"arguments\":\"{}\"}}]}}]}");
            }
            ex.event("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}");
            ex.event("[DONE]");
            ex.end();
        })) {
            OpenAiProvider p = new OpenAiProvider(TRANSPORT, ProviderConfig.of("openai", server.baseUrl(), ""));
            for (String mode : List.of("noindex", "sameindex")) {
                ChatResponse r = p.stream(ChatRequest.builder("m").messages(List.of(Message.user(mode))).build(), StreamListener.NONE);
                assertThat(r.message().toolCalls()).as(mode).containsExactly(
                        new ToolCall("a", "read_file", mode.equals("noindex") ? "{\"path\":\"x\"}" : "{\"path\":1}"),
                        new ToolCall("b", "list_dir", "{}"));
            }
        }
    }

    @Test
    void wholeResponseIsParsed() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> ex.json(200, """
                {"id":"chatcmpl-1","model":"gpt-y","choices":[{"index":0,"message":{"role":"assistant","content":null,
                 "tool_calls":[{"id":"call_9","type":"function","function":{"name":"exec","arguments":"{\\"command\\":\\"ls\\"}"}}]},
                 "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":50,"completion_tokens":7}}"""))) {
            OpenAiProvider p = new OpenAiProvider(TRANSPORT, ProviderConfig.of("openai", server.baseUrl(), ""));
            ChatResponse r = p.chat(ChatRequest.builder("m").messages(List.of(Message.user("ls"))).build());
            assertThat(r.message().text()).isEmpty();
            assertThat(r.message().toolCalls()).containsExactly(new ToolCall("call_9", "exec", "{\"command\":\"ls\"}"));
            assertThat(r.usage()).isEqualTo(new Usage(50, 7));
            assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
            assertThat(server.requests().getFirst().headers()).doesNotContainKey("authorization");
        }
    }

    @Test
    void streamCutBeforeTheEndIsAConnectionErrorAndNonEventBodyIsProtocol() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> {
            ex.startStream(200);
            if (req.body().contains("cut")) {
                ex.event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"par\"}}]}");
            } else {
                ex.send("<html>502 Bad Gateway</html>\n");
            }
            ex.end();
        })) {
            OpenAiProvider p = new OpenAiProvider(TRANSPORT, ProviderConfig.of("openai", server.baseUrl(), "")
                    .withMaxRetries(0));
            assertThatThrownBy(() -> p.stream(ChatRequest.builder("m").messages(List.of(Message.user("cut"))).build(), StreamListener.NONE))
                    .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.CONNECTION));
            assertThatThrownBy(() -> p.stream(ChatRequest.builder("m").messages(List.of(Message.user("x"))).build(), StreamListener.NONE))
                    .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.PROTOCOL));
        }
    }

    @Test
    void fromEnvNeedsAKeyForOpenAiButNotForALocalServer() {
        assertThatThrownBy(() -> OpenAiProvider.configFromEnv(Map.of()))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ModelException.Kind.AUTHENTICATION);
                    assertThat(e.getMessage()).contains("OPENAI_API_KEY");
                });
        ProviderConfig local = OpenAiProvider.configFromEnv(Map.of("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1/"));
        assertThat(local.baseUrl()).isEqualTo("http://127.0.0.1:8000/v1");
        ProviderConfig official = OpenAiProvider.configFromEnv(Map.of("OPENAI_API_KEY", "sk-abc"));
        assertThat(official.baseUrl()).isEqualTo(OpenAiProvider.DEFAULT_BASE_URL);
        assertThat(official.toString()).doesNotContain("sk-abc");
    }
}
