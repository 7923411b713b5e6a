package dev.tern.provider.anthropic;

import dev.tern.json.Json;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.ModelException;
import dev.tern.model.PromptCaching;
import dev.tern.model.StopReason;
import dev.tern.model.StreamListener;
import dev.tern.model.ThinkingBlock;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.model.Usage;
import dev.tern.provider.LoopbackServer;
import dev.tern.http.HttpTransport;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.http.RetryPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Messages API wire format, both directions, against a loopback server. */
class AnthropicWireTest {

    private static final HttpTransport TRANSPORT = HttpTransport.create();
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}";
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5));

    @AfterAll
    static void close() { TRANSPORT.close(); }

    private static AnthropicProvider provider(String baseUrl) {
        return new AnthropicProvider(TRANSPORT, ProviderConfig.of("anthropic", baseUrl, "sk-ant-test").withRetry(FAST));
    }

    private static List<Message> toolLoop() {
        return List.of(
                Message.system("You are terse."),
                Message.user("read two files"),
                new AssistantMessage("", List.of(new ToolCall("tu_1", "read_file", "{\"path\":\"a\"}"),
                        new ToolCall("tu_2", "read_file", "{\"path\":")), // truncated by the model
                        List.of(new ThinkingBlock("I should read both.", "sig-abc", false),
                                new ThinkingBlock("", "opaque-redacted", true))),
                new ToolResultMessage("tu_1", "read_file", "alpha", false),
                new ToolResultMessage("tu_2", "read_file", "bad arguments", true),
                Message.user("and summarize"));
    }

    private static int cacheMarks(JsonNode node) {
        int n = node.has("cache_control") ? 1 : 0;
        for (JsonNode child : node) n += cacheMarks(child);
        return n;
    }

    @Test
    void requestLiftsSystemMergesToolResultsAndCarriesThinkingBack() {
        ChatRequest req = ChatRequest.builder("claude-test").messages(toolLoop())
                .tools(List.of(new ToolSpec("read_file", "Read", SCHEMA)))
                .toolChoice(ChatRequest.ToolChoice.REQUIRED, null).thinking(2000).maxOutputTokens(1000)
                .temperature(0.5).build();
        String json = provider("http://127.0.0.1:1").requestJson(req, true);
        assertThat(json).contains("\"input_schema\":" + SCHEMA).contains("\"input\":{\"path\":\"a\"}");
        JsonNode root = Json.parse(json);
        assertThat(root.path("system").get(0).path("text").asString()).isEqualTo("You are terse.");
        JsonNode msgs = root.path("messages");
        assertThat(msgs).hasSize(3);
        JsonNode assistant = msgs.get(1).path("content");
        assertThat(assistant.get(0).path("type").asString()).isEqualTo("thinking");
        assertThat(assistant.get(0).path("signature").asString()).isEqualTo("sig-abc");
        assertThat(assistant.get(1).path("type").asString()).isEqualTo("redacted_thinking");
        assertThat(assistant.get(1).path("data").asString()).isEqualTo("opaque-redacted");
        assertThat(assistant.get(3).path("input").path("_raw_arguments").asString()).isEqualTo("{\"path\":");
        JsonNode user = msgs.get(2).path("content");
        assertThat(user).hasSize(3);
        assertThat(user.get(0).path("tool_use_id").asString()).isEqualTo("tu_1");
        assertThat(user.get(1).path("is_error").asBoolean()).isTrue();
        assertThat(user.get(2).path("text").asString()).isEqualTo("and summarize");
        assertThat(root.path("thinking").path("budget_tokens").asInt()).isEqualTo(2000);
        assertThat(root.path("max_tokens").asInt()).isEqualTo(3000);
        assertThat(root.has("temperature")).as("temperature is not allowed with thinking").isFalse();
        assertThat(root.path("tool_choice").path("type").asString()).isEqualTo("any");
        assertThat(cacheMarks(root)).isZero();
    }

    @Test
    void cachingPlacesAtMostFourBreakpointsOnToolsSystemTailAndPreviousUserTurn() {
        ChatRequest req = ChatRequest.builder("claude-test").messages(toolLoop())
                .tools(List.of(new ToolSpec("a", "", SCHEMA), new ToolSpec("b", "", SCHEMA)))
                .caching(new PromptCaching(true, PromptCaching.Ttl.ONE_HOUR)).build();
        JsonNode root = Json.parse(provider("http://127.0.0.1:1").requestJson(req, false));
        assertThat(cacheMarks(root)).isEqualTo(4);
        assertThat(root.path("messages").get(0).path("content").get(0).has("cache_control")).isTrue();
        assertThat(root.path("tools").get(0).has("cache_control")).isFalse();
        assertThat(root.path("tools").get(1).path("cache_control").path("ttl").asString()).isEqualTo("1h");
        assertThat(root.path("system").get(0).has("cache_control")).isTrue();
        JsonNode tail = root.path("messages").get(2).path("content");
        assertThat(tail.get(2).path("cache_control").path("type").asString()).isEqualTo("ephemeral");

        List<Message> longer = new ArrayList<>(toolLoop());
        longer.add(new AssistantMessage("", List.of(new ToolCall("tu_3", "read_file", "{}"))));
        longer.add(new ToolResultMessage("tu_3", "read_file", "gamma", false));
        JsonNode next = Json.parse(provider("http://127.0.0.1:1").requestJson(
                req.withMessages(longer).toBuilder().caching(PromptCaching.DEFAULT).build(), false));
        assertThat(cacheMarks(next)).isEqualTo(4);
        JsonNode msgs = next.path("messages");
        assertThat(msgs.get(0).path("content").get(0).has("cache_control")).isFalse();
        // the previous request's tail (now the previous user turn) keeps its breakpoint: its prefix is a cache hit
        assertThat(msgs.get(2).path("content").get(2).path("cache_control").has("ttl")).isFalse();
        assertThat(msgs.get(4).path("content").get(0).has("cache_control")).isTrue();
    }

    @Test
    void aGrowingHistoryThroughOneProviderIsWrittenByteForByteAsAFreshProviderWritesIt() {
        // one provider keeps the encoding of what it sent; the breakpoints move with the conversation's end
        AnthropicProvider reused = provider("http://127.0.0.1:1");
        List<Message> history = new ArrayList<>(toolLoop());
        List<ToolSpec> tools = List.of(new ToolSpec("a", "first", SCHEMA), new ToolSpec("b", "", SCHEMA));
        for (int turn = 0; turn < 10; turn++) { // across EncodedParts.MIN_MESSAGES: written afresh, then from the cache
            for (PromptCaching caching : List.of(PromptCaching.DEFAULT, new PromptCaching(true, PromptCaching.Ttl.ONE_HOUR),
                    new PromptCaching(false, PromptCaching.Ttl.FIVE_MINUTES))) {
                ChatRequest req = ChatRequest.builder("claude-test").messages(List.copyOf(history)).tools(tools)
                        .caching(caching).build();
                String json = reused.requestJson(req, true);
                assertThat(json).isEqualTo(provider("http://127.0.0.1:1").requestJson(req, true));
                assertThat(Json.parse(json).path("messages").size()).isGreaterThan(0);
            }
            history.add(new AssistantMessage("step " + turn + " \u00e9\"\n", List.of(new ToolCall("tu_x" + turn, "a", "{\"q\":" + turn + "}"))));
            history.add(new ToolResultMessage("tu_x" + turn, "a", "result " + turn, turn % 2 == 0));
            if (turn == 2) history.add(Message.user("next question"));
        }
    }

    @Test
    void streamAssemblesTextThinkingToolUseAndUsage() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> {
            ex.startStream(200);
            ex.send("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-x\","
                    + "\"usage\":{\"input_tokens\":12,\"cache_read_input_tokens\":900,\"cache_creation_input_tokens\":40,\"output_tokens\":1}}}\n\n");
            ex.send("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n");
            ex.send("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}\n\n");
            ex.send("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"SIG\"}}\n\n");
            ex.send("event: ping\ndata: {\"type\":\"ping\"}\n\n");
            ex.send("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
            ex.send("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Reading\"}}\n\n");
            ex.send("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"read_file\",\"input\":{}}}\n\n");
            ex.send("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"path\\\":\"}}\n\n");
            ex.send("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\" \\\"a\\\"}\"}}\n\n");
            ex.send("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":3,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"list_dir\",\"input\":{}}}\n\n");
            ex.send("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":55}}\n\n");
            ex.send("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
            ex.end();
        })) {
            List<String> log = new ArrayList<>();
            ChatResponse r = provider(server.baseUrl()).stream(ChatRequest.builder("claude-x")
                    .messages(List.of(Message.user("hi"))).build(), new StreamListener() {
                @Override public void onThinking(String d) { log.add("think:" + d); }
                @Override public void onText(String d) { log.add("text:" + d); }
                @Override public void onToolCallStart(int i, String id, String name) { log.add("start:" + i + ":" + id); }
                @Override public void onToolCallArguments(int i, String d) { log.add("args:" + i + ":" + d); }
            });
            assertThat(r.message().text()).isEqualTo("Reading");
            assertThat(r.message().thinking()).containsExactly(new ThinkingBlock("hmm", "SIG", false));
            assertThat(r.message().toolCalls()).containsExactly(
                    new ToolCall("toolu_1", "read_file", "{\"path\": \"a\"}"), new ToolCall("toolu_2", "list_dir", "{}"));
            assertThat(r.usage()).isEqualTo(new Usage(12, 55, 900, 40));
            assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
            assertThat(r.id()).isEqualTo("msg_1");
            assertThat(log).containsExactly("think:hmm", "text:Reading", "start:0:toolu_1", "args:0:{\"path\":",
                    "args:0: \"a\"}", "start:1:toolu_2");
            LoopbackServer.Request sent = server.requests().getFirst();
            assertThat(sent.path()).isEqualTo("/v1/messages");
            assertThat(sent.headers()).containsEntry("x-api-key", "sk-ant-test").containsEntry("anthropic-version", "2023-06-01");
        }
    }

    @Test
    void wholeMessageIsParsed() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> ex.json(200, """
                {"id":"msg_2","type":"message","role":"assistant","model":"claude-y","content":[
                 {"type":"thinking","thinking":"plan","signature":"S1"},{"type":"text","text":"Done."},
                 {"type":"tool_use","id":"toolu_9","name":"exec","input":{"command":"ls"}}],
                 "stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":6,"cache_read_input_tokens":100}}"""))) {
            ChatResponse r = provider(server.baseUrl()).chat(ChatRequest.builder("claude-y").messages(List.of(Message.user("x"))).build());
            assertThat(r.message().text()).isEqualTo("Done.");
            assertThat(r.message().thinking()).containsExactly(new ThinkingBlock("plan", "S1", false));
            assertThat(r.message().toolCalls()).containsExactly(new ToolCall("toolu_9", "exec", "{\"command\":\"ls\"}"));
            assertThat(r.usage()).isEqualTo(new Usage(5, 6, 100, 0));
            assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
        }
    }

    @Test
    void overloadedBeforeOutputIsRetriedAndAfterOutputIsReported() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> {
            if (req.number() == 1) {
                ex.json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
                return;
            }
            ex.startStream(200);
            ex.send("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":{\"input_tokens\":1}}}\n\n");
            ex.send("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
            ex.send("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}\n\n");
            ex.send("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
            ex.end();
        })) {
            assertThatThrownBy(() -> provider(server.baseUrl()).stream(ChatRequest.builder("claude-x")
                    .messages(List.of(Message.user("hi"))).build(), StreamListener.NONE))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ModelException.Kind.OVERLOADED);
                        assertThat(e.getMessage()).contains("overloaded_error").contains("not retried");
                    });
            assertThat(server.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void anthropicRateLimitHeadersPauseTheNextRequest() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> ex.json(200,
                "{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\"}",
                "anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-reset", java.time.Instant.now().plusMillis(900).toString()))) {
            AnthropicProvider p = provider(server.baseUrl());
            ChatRequest req = ChatRequest.builder("claude-x").messages(List.of(Message.user("hi"))).build();
            p.chat(req);
            p.chat(req);
            List<LoopbackServer.Request> reqs = server.requests();
            assertThat((reqs.get(1).arrivedNanos() - reqs.get(0).arrivedNanos()) / 1_000_000).isGreaterThanOrEqualTo(600);
        }
    }

    @Test
    void emptyAssistantTurnsAreLeftOutAndTheUserTurnsAroundThemMerge() {
        ChatRequest req = ChatRequest.builder("claude-test").messages(List.of(Message.user("first"),
                AssistantMessage.ofText(""), Message.user("second"))).build();
        JsonNode msgs = Json.parse(provider("http://127.0.0.1:1").requestJson(req, false)).path("messages");
        assertThat(msgs).hasSize(1);
        assertThat(msgs.get(0).path("content")).extracting(n -> n.path("text").asString()).containsExactly("first", "second");
    }

    @Test
    void toolInputValidation() {
        assertThat(AnthropicRequestWriter.isJsonObject("{\"a\":[1,{\"b\":2}]}")).isTrue();
        assertThat(AnthropicRequestWriter.isJsonObject("{\"a\":1} trailing")).isFalse();
        assertThat(AnthropicRequestWriter.isJsonObject("[1]")).isFalse();
        assertThat(AnthropicRequestWriter.isJsonObject("{\"a\":")).isFalse();
    }
}
