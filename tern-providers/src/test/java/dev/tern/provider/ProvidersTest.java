package dev.tern.provider;

import dev.tern.model.ModelException;
import dev.tern.provider.anthropic.AnthropicProvider;
import dev.tern.http.HttpTransport;
import dev.tern.provider.openai.OpenAiProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvidersTest {

    private static final HttpTransport TRANSPORT = HttpTransport.create();

    @AfterAll
    static void close() { TRANSPORT.close(); }

    @Test
    void claudeModelsGoToAnthropicWhenItIsConfigured() {
        Map<String, String> both = Map.of("ANTHROPIC_API_KEY", "a", "OPENAI_API_KEY", "o");
        assertThat(Providers.fromEnvironment(TRANSPORT, "claude-sonnet-4-5", both)).isInstanceOf(AnthropicProvider.class);
        assertThat(Providers.fromEnvironment(TRANSPORT, "gpt-4o-mini", both)).isInstanceOf(OpenAiProvider.class);
        assertThat(Providers.fromEnvironment(TRANSPORT, null, Map.of("ANTHROPIC_API_KEY", "a")))
                .isInstanceOf(AnthropicProvider.class);
        assertThat(Providers.fromEnvironment(TRANSPORT, "claude-x", Map.of("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")))
                .as("a Claude name on an OpenAI-compatible gateway stays OpenAI when Anthropic is not configured")
                .isInstanceOf(OpenAiProvider.class);
    }

    @Test
    void nothingConfiguredIsAOneLineHint() {
        assertThatThrownBy(() -> Providers.fromEnvironment(TRANSPORT, "gpt-4o", Map.of()))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ModelException.Kind.AUTHENTICATION);
                    assertThat(e.getMessage()).contains("OPENAI_API_KEY").contains("ANTHROPIC_API_KEY").doesNotContain("\n");
                });
    }
}
