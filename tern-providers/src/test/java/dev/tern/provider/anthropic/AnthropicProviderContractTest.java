package dev.tern.provider.anthropic;

import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.ModelProvider;
import dev.tern.model.StreamListener;
import dev.tern.model.ThinkingBlock;
import dev.tern.model.ToolResultMessage;
import dev.tern.provider.HttpModelProvider;
import dev.tern.provider.ProviderContractTest;
import dev.tern.http.HttpTransport;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnthropicProviderContractTest extends ProviderContractTest {

    @Override
    protected HttpModelProvider create(HttpTransport transport, ProviderConfig config) {
        return new AnthropicProvider(transport, config);
    }

    @Override
    protected ProviderConfig config(SimServer server) {
        return ProviderConfig.of("anthropic", server.baseUrl(), "sk-ant-sim");
    }

    @Test
    void signedThinkingIsCarriedBackThroughAToolRoundTrip() {
        sim.addScenario(Scenario.parse("{\"name\":\"thinker\",\"steps\":["
                + "{\"thinking\":\"I should read the file first.\",\"toolCalls\":[{\"name\":\"read_file\",\"arguments\":{\"path\":\"a\"}}]},"
                + "{\"thinking\":\"Now I can answer.\",\"text\":\"It says {{toolResult:read_file}}.\"}]}"));
        ModelProvider p = create(transport, config(sim));
        ChatRequest first = ChatRequest.builder("sim:thinker").messages(List.of(Message.user("what is in a?")))
                .thinking(2048).maxOutputTokens(1024).build();
        List<String> thoughts = new ArrayList<>();
        ChatResponse r1 = p.stream(first, new StreamListener() {
            @Override public void onThinking(String delta) { thoughts.add(delta); }
        });
        assertThat(String.join("", thoughts)).isEqualTo("I should read the file first.");
        assertThat(r1.message().thinking()).hasSize(1);
        ThinkingBlock block = r1.message().thinking().getFirst();
        assertThat(block.text()).isEqualTo("I should read the file first.");
        assertThat(block.signature()).isNotBlank();
        List<Message> history = new ArrayList<>(first.messages());
        history.add(r1.message());
        history.add(new ToolResultMessage(r1.message().toolCalls().getFirst().id(), "read_file", "forty-two", false));
        // the simulator rejects the request (400) unless the thinking block comes back with its signature intact
        ChatResponse r2 = p.chat(first.withMessages(history));
        assertThat(r2.message().text()).isEqualTo("It says forty-two.");
        assertThat(r2.message().thinking()).extracting(ThinkingBlock::text).containsExactly("Now I can answer.");
    }
}
