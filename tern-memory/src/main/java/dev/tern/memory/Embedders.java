package dev.tern.memory;

import dev.tern.embed.onnx.MiniLmModel;
import dev.tern.embed.onnx.OnnxEmbedder;
import dev.tern.embed.onnx.OnnxEmbedderOptions;
import dev.tern.embed.openai.OpenAiEmbedder;
import dev.tern.embed.openai.OpenAiEmbeddingConfig;
import dev.tern.memory.vector.Embeddings;
import dev.tern.workspace.config.ProviderConfig;
import java.net.URI;
import java.net.http.HttpClient;

/** The embedder {@code memory.embeddings} asks for: local (ONNX), an OpenAI-compatible endpoint, or none. */
public final class Embedders {

    public static final String DEFAULT_OPENAI_MODEL = "text-embedding-3-small";

    private Embedders() { }

    /**
     * @param openai the {@code openai} provider's key and base URL (used when the memory section names none)
     * @param http   the runtime's HTTP client (asked for only with {@code openai})
     * @param local  the process's shared local embedder (the one routing uses), or null to own one
     */
    public static Embeddings fromConfig(MemoryConfig config, ProviderConfig openai, java.util.function.Supplier<HttpClient> http,
                                        java.util.function.Supplier<dev.tern.embed.Embedder> local) {
        return switch (config.embeddings()) {
            case "off" -> Embeddings.none();
            case "openai" -> {
                String base = config.embeddingBaseUrl() != null ? config.embeddingBaseUrl()
                        : openai.baseUrl() != null ? openai.baseUrl() : "https://api.openai.com/v1";
                String key = config.embeddingApiKey() != null ? config.embeddingApiKey() : openai.apiKey();
                String model = config.embeddingModel() != null ? config.embeddingModel() : DEFAULT_OPENAI_MODEL;
                OpenAiEmbeddingConfig c = OpenAiEmbeddingConfig.of(URI.create(base), key, model)
                        .withDimensions(config.embeddingDimensions() > 0 ? config.embeddingDimensions() : null);
                yield Embeddings.of(new OpenAiEmbedder(http.get(), c));
            }
            default -> !MiniLmModel.ALL_MINILM_L6_V2_Q.available() ? Embeddings.none()
                    : local != null ? Embeddings.shared(local.get())
                    : Embeddings.of(new OnnxEmbedder(OnnxEmbedderOptions.defaults()));
        };
    }
}
