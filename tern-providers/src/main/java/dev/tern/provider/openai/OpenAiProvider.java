package dev.tern.provider.openai;

import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.ModelException;
import dev.tern.model.StreamListener;
import dev.tern.provider.HttpModelProvider;
import dev.tern.provider.http.HttpTransport;
import dev.tern.provider.http.JsonBody;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.http.ProviderHttp;

import java.util.Map;

/**
 * Any OpenAI-compatible Chat Completions server (OpenAI, vLLM, Ollama, OpenRouter, the simulator):
 * blocking and SSE streaming calls, tools, usage with cached tokens, retries and rate limits
 * through the shared {@link ProviderHttp} machinery. Thread-safe.
 */
public final class OpenAiProvider implements HttpModelProvider {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    private final ProviderHttp http;
    private final OpenAiRequestWriter writer;
    private final OpenAiResponseReader reader;

    public OpenAiProvider(HttpTransport transport, ProviderConfig config) {
        this.http = new ProviderHttp(transport, config,
                config.apiKey().isEmpty() ? Map.of() : Map.of("authorization", "Bearer " + config.apiKey()));
        this.writer = new OpenAiRequestWriter(config.baseUrl().contains("api.openai.com"));
        this.reader = new OpenAiResponseReader(http.errors());
    }

    /** Reads {@code OPENAI_API_KEY} and {@code OPENAI_BASE_URL} like the official SDKs. */
    public static OpenAiProvider fromEnv(HttpTransport transport) {
        return fromEnv(transport, System.getenv());
    }

    /**
     * @param env the environment to read (System.getenv() in production)
     * @throws ModelException AUTHENTICATION when talking to api.openai.com without a key
     */
    public static OpenAiProvider fromEnv(HttpTransport transport, Map<String, String> env) {
        return new OpenAiProvider(transport, configFromEnv(env));
    }

    public static ProviderConfig configFromEnv(Map<String, String> env) {
        return ProviderConfig.fromEnv(env, "openai", "OPENAI_API_KEY", "OPENAI_BASE_URL", DEFAULT_BASE_URL,
                " (set it, or OPENAI_BASE_URL for a local server)");
    }

    @Override
    public String name() { return http.config().provider(); }

    @Override
    public ProviderHttp http() { return http; }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return chat(request, StreamListener.NONE);
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        JsonBody body = writer.write(request, false);
        return http.post("/chat/completions", body, false, listener,
                (response, tracking) -> reader.readWhole(response, request.model()));
    }

    @Override
    public ChatResponse stream(ChatRequest request, StreamListener listener) {
        JsonBody body = writer.write(request, true);
        return http.post("/chat/completions", body, true, listener,
                (response, tracking) -> reader.readStream(response, tracking, request.model()));
    }

    @Override
    public JsonBody requestBody(ChatRequest request, boolean stream) {
        return writer.write(request, stream);
    }
}
