package dev.tern.embed.openai;

import java.net.URI;
import java.time.Duration;

/**
 * An OpenAI-compatible {@code POST /v1/embeddings} endpoint (OpenAI, vLLM, Ollama, LiteLLM, Tern's
 * simulator ...).
 *
 * @param baseUrl             API base including the version segment, as {@code OPENAI_BASE_URL}:
 *                            {@code https://api.openai.com/v1}; the request goes to {@code <baseUrl>/embeddings}
 * @param apiKey              sent as {@code Authorization: Bearer}; null sends no header (local servers)
 * @param model               e.g. {@code text-embedding-3-small}
 * @param dimensions          requested output size (text-embedding-3 models), or null for the model's own
 * @param maxInputsPerRequest texts per request; a larger batch is split
 * @param maxCharsPerRequest  characters per request (keeps a request under the server's token limit)
 * @param maxRetries          retries after a 429, a 5xx or an I/O failure; then the call fails
 * @param initialBackoff      first retry delay when the server sends no Retry-After (doubles, jittered)
 * @param maxBackoff          longest wait between attempts; a Retry-After beyond it fails at once
 * @param requestTimeout      per HTTP request
 * @param base64              ask for {@code encoding_format: base64} (4x smaller responses); not every server has it
 */
public record OpenAiEmbeddingConfig(
        URI baseUrl, String apiKey, String model, Integer dimensions, int maxInputsPerRequest, int maxCharsPerRequest,
        int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout, boolean base64) {

    public OpenAiEmbeddingConfig {
        if (baseUrl == null || model == null || model.isBlank()) {
            throw new IllegalArgumentException("an embeddings endpoint needs a base URL and a model");
        }
        if (dimensions != null && dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be positive: " + dimensions);
        }
        if (maxInputsPerRequest < 1 || maxCharsPerRequest < 1 || maxRetries < 0) {
            throw new IllegalArgumentException("maxInputsPerRequest and maxCharsPerRequest must be >= 1, maxRetries >= 0");
        }
        if (initialBackoff == null || maxBackoff == null || requestTimeout == null) {
            throw new IllegalArgumentException("backoff and timeout durations are required");
        }
    }

    /** Defaults: 256 inputs / 400 000 chars per request, 4 retries from 500 ms up to 30 s, 60 s per request. */
    public static OpenAiEmbeddingConfig of(URI baseUrl, String apiKey, String model) {
        return new OpenAiEmbeddingConfig(baseUrl, apiKey, model, null, 256, 400_000, 4,
                Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60), false);
    }

    public OpenAiEmbeddingConfig withDimensions(Integer d) {
        return new OpenAiEmbeddingConfig(baseUrl, apiKey, model, d, maxInputsPerRequest, maxCharsPerRequest, maxRetries,
                initialBackoff, maxBackoff, requestTimeout, base64);
    }

    public OpenAiEmbeddingConfig withBatching(int inputs, int chars) {
        return new OpenAiEmbeddingConfig(baseUrl, apiKey, model, dimensions, inputs, chars, maxRetries,
                initialBackoff, maxBackoff, requestTimeout, base64);
    }

    public OpenAiEmbeddingConfig withRetries(int retries, Duration initial, Duration max) {
        return new OpenAiEmbeddingConfig(baseUrl, apiKey, model, dimensions, maxInputsPerRequest, maxCharsPerRequest,
                retries, initial, max, requestTimeout, base64);
    }

    public OpenAiEmbeddingConfig withRequestTimeout(Duration t) {
        return new OpenAiEmbeddingConfig(baseUrl, apiKey, model, dimensions, maxInputsPerRequest, maxCharsPerRequest,
                maxRetries, initialBackoff, maxBackoff, t, base64);
    }

    public OpenAiEmbeddingConfig withBase64(boolean b) {
        return new OpenAiEmbeddingConfig(baseUrl, apiKey, model, dimensions, maxInputsPerRequest, maxCharsPerRequest,
                maxRetries, initialBackoff, maxBackoff, requestTimeout, b);
    }

    /** {@code <baseUrl>/embeddings}. */
    public URI endpoint() {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/embeddings");
    }
}
