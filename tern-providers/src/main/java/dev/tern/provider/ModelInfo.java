package dev.tern.provider;

import java.util.Objects;

/**
 * A model a provider's server lists ({@code GET /v1/models}).
 *
 * @param id            the model id to send
 * @param contextWindow context window in tokens as the server states it (vLLM {@code max_model_len},
 *                      OpenRouter {@code context_length}, Anthropic {@code max_input_tokens}); null when it
 *                      does not say
 * @param maxOutput     largest output in tokens (Anthropic {@code max_tokens}, OpenRouter
 *                      {@code top_provider.max_completion_tokens}); null when not stated
 */
public record ModelInfo(String id, Integer contextWindow, Integer maxOutput) {
    public ModelInfo {
        Objects.requireNonNull(id, "id");
        if (contextWindow != null && contextWindow <= 0) contextWindow = null;
        if (maxOutput != null && maxOutput <= 0) maxOutput = null;
    }
}
