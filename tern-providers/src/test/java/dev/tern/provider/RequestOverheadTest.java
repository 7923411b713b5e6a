package dev.tern.provider;

import dev.tern.json.Json;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.PromptCaching;
import dev.tern.model.StreamListener;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.provider.anthropic.AnthropicProvider;
import dev.tern.http.HttpTransport;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.openai.OpenAiProvider;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot path of the SPEC "overhead" target: a 200-message (~107 KB) request, serialized and sent
 * round trip. Only correctness is asserted here; its CPU cost is measured by {@code tern bench overhead}.
 */
class RequestOverheadTest {

    static ChatRequest bigRequest(String model) {
        List<Message> history = new ArrayList<>();
        history.add(Message.system("You are Tern. Follow the workspace rules. ".repeat(40)));
        String para = "The quick brown fox jumps over the lazy dog; \"quoted\" text, unicode é and numbers 12345. ";
        for (int i = 0; history.size() < 200; i++) {
            history.add(Message.user("Question " + i + ": " + para.repeat(6)));
            history.add(new AssistantMessage("Let me check.", List.of(new ToolCall("call_" + i, "read_file",
                    "{\"path\":\"src/file" + i + ".txt\"}"))));
            history.add(new ToolResultMessage("call_" + i, "read_file", para.repeat(9), false));
            history.add(AssistantMessage.ofText("Answer " + i + ": " + para.repeat(4)));
        }
        List<ToolSpec> tools = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            tools.add(new ToolSpec("tool_" + t, "Does thing number " + t,
                    "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\",\"description\":\"a path\"}},\"required\":[\"path\"]}"));
        }
        return ChatRequest.builder(model).messages(history.subList(0, 200)).tools(tools).maxOutputTokens(1024)
                .caching(PromptCaching.DEFAULT).cacheKey("s1").build();
    }

    @Test
    void aBig200MessageHistorySerializesCompletely() {
        try (HttpTransport transport = HttpTransport.create()) {
            ChatRequest req = bigRequest("m");
            OpenAiProvider openai = new OpenAiProvider(transport, ProviderConfig.of("openai", "http://127.0.0.1:1/v1", "k"));
            AnthropicProvider anthropic = new AnthropicProvider(transport, ProviderConfig.of("anthropic", "http://127.0.0.1:1", "k"));
            String oa = openai.requestJson(req, true);
            String an = anthropic.requestJson(req, true);
            assertThat(Json.parse(oa).path("messages")).hasSize(200);
            assertThat(oa.length()).isBetween(90_000, 130_000);
            assertThat(Json.parse(an).path("messages").size()).isBetween(100, 200);
            assertThat(openai.requestJson(req, true)).as("byte-identical every call (prompt caching)").isEqualTo(oa);
        }
    }

    @Test
    void roundTripsAgainstTheSimulator() {
        try (HttpTransport transport = HttpTransport.create();
             SimServer sim = SimServer.start(SimConfig.builder().build())) {
            sim.addScenario(Scenario.parse("{\"name\":\"ok\",\"steps\":[{\"text\":\"ok\"}]}"));
            Function<ChatRequest, ChatResponse> oa = new OpenAiProvider(transport,
                    ProviderConfig.of("openai", sim.baseUrl() + "/v1", "k"))::chat;
            ChatRequest req = bigRequest("sim:ok");
            for (int i = 0; i < 30; i++) assertThat(oa.apply(req).message().text()).isEqualTo("ok");
            int n = 50;
            for (int i = 0; i < n; i++) oa.apply(req);
            AnthropicProvider an = new AnthropicProvider(transport, ProviderConfig.of("anthropic", sim.baseUrl(), "k"));
            for (int i = 0; i < 30; i++) an.stream(req, StreamListener.NONE);
            for (int i = 0; i < n; i++) assertThat(an.stream(req, StreamListener.NONE).message().text()).isEqualTo("ok");
            // the simulator counts a response just after the client has it: wait for the last one
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> sim.stats().status(200) == 2L * 30 + 2L * n);
        }
    }
}
