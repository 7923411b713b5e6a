package dev.tern.provider.openai;

import dev.tern.http.HttpTransport;
import dev.tern.http.TransportResponse;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.ModelException;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.internal.HttpProviderBase;
import dev.tern.provider.internal.JsonBody;
import dev.tern.provider.internal.ProviderHttp;
import dev.tern.provider.internal.TrackingListener;

import java.io.IOException;
import java.util.Map;

/**
 * Any OpenAI-compatible Chat Completions server (OpenAI, vLLM, Ollama, OpenRouter, the simulator):
 * blocking and SSE streaming calls, tools, usage with cached tokens, retries, rate limits and
 * cancellation through the shared request machinery, and the model list. Thread-safe.
 */
public final class OpenAiProvider extends HttpProviderBase {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    private final OpenAiRequestWriter writer;
    private final OpenAiResponseReader reader;

    public OpenAiProvider(HttpTransport transport, ProviderConfig config) {
        super(new ProviderHttp(transport, config,
                config.apiKey().isEmpty() ? Map.of() : Map.of("authorization", "Bearer " + config.apiKey())));
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
    protected String chatPath() { return "/chat/completions"; }

    @Override
    protected String modelsPath() { return "/models"; }

    @Override
    protected JsonBody body(ChatRequest request, boolean stream, JsonBody.Buffers pool) {
        return writer.write(request, stream, pool);
    }

    @Override
    protected ChatResponse readWhole(TransportResponse response, String requestedModel) throws IOException {
        return reader.readWhole(response, requestedModel);
    }

    @Override
    protected ChatResponse readStream(TransportResponse response, TrackingListener listener, String requestedModel)
            throws IOException {
        return reader.readStream(response, listener, requestedModel);
    }
}
