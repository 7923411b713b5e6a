package dev.tern.provider.anthropic;

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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Anthropic Messages API: blocking and SSE streaming calls, tool use, extended thinking with
 * signed blocks carried back, and prompt-cache breakpoints; retries, {@code retry-after},
 * {@code anthropic-ratelimit-*} headers, 529 overloaded and cancellation through the shared request
 * machinery, and the model list. Thread-safe.
 */
public final class AnthropicProvider extends HttpProviderBase {

    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    public static final String API_VERSION = "2023-06-01";

    private final AnthropicRequestWriter writer = new AnthropicRequestWriter();
    private final AnthropicResponseReader reader;

    /**
     * @param config base URL without {@code /v1} (as {@code ANTHROPIC_BASE_URL}); requests go to
     *               {@code baseUrl + "/v1/messages"}
     */
    public AnthropicProvider(HttpTransport transport, ProviderConfig config) {
        super(new ProviderHttp(transport, config, headers(config)));
        this.reader = new AnthropicResponseReader(http.errors());
    }

    private static Map<String, String> headers(ProviderConfig config) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!config.apiKey().isEmpty()) headers.put("x-api-key", config.apiKey());
        headers.put("anthropic-version", API_VERSION);
        return headers;
    }

    /** Reads {@code ANTHROPIC_API_KEY} and {@code ANTHROPIC_BASE_URL} like the official SDKs. */
    public static AnthropicProvider fromEnv(HttpTransport transport) {
        return new AnthropicProvider(transport, configFromEnv(System.getenv()));
    }

    /**
     * @throws ModelException AUTHENTICATION when talking to api.anthropic.com without a key
     */
    public static ProviderConfig configFromEnv(Map<String, String> env) {
        return ProviderConfig.fromEnv(env, "anthropic", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", DEFAULT_BASE_URL, "");
    }

    @Override
    protected String chatPath() { return "/v1/messages"; }

    @Override
    protected String modelsPath() { return "/v1/models"; }

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
