package dev.tern.provider.anthropic;

import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.ModelException;
import dev.tern.model.StreamListener;
import dev.tern.provider.HttpModelProvider;
import dev.tern.provider.http.HttpTransport;
import dev.tern.provider.http.JsonBody;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.http.ProviderHttp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Anthropic Messages API: blocking and SSE streaming calls, tool use, extended thinking with
 * signed blocks carried back, and prompt-cache breakpoints; retries, {@code retry-after},
 * {@code anthropic-ratelimit-*} headers and 529 overloaded through the shared
 * {@link ProviderHttp} machinery. Thread-safe.
 */
public final class AnthropicProvider implements HttpModelProvider {

    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    public static final String API_VERSION = "2023-06-01";

    private final ProviderHttp http;
    private final AnthropicRequestWriter writer = new AnthropicRequestWriter();
    private final AnthropicResponseReader reader;

    /**
     * @param config base URL without {@code /v1} (as {@code ANTHROPIC_BASE_URL}); requests go to
     *               {@code baseUrl + "/v1/messages"}
     */
    public AnthropicProvider(HttpTransport transport, ProviderConfig config) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!config.apiKey().isEmpty()) headers.put("x-api-key", config.apiKey());
        headers.put("anthropic-version", API_VERSION);
        this.http = new ProviderHttp(transport, config, headers);
        this.reader = new AnthropicResponseReader(http.errors());
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
        return http.post("/v1/messages", body, false, listener,
                (response, tracking) -> reader.readWhole(response, request.model()));
    }

    @Override
    public ChatResponse stream(ChatRequest request, StreamListener listener) {
        JsonBody body = writer.write(request, true);
        return http.post("/v1/messages", body, true, listener,
                (response, tracking) -> reader.readStream(response, tracking, request.model()));
    }

    @Override
    public JsonBody requestBody(ChatRequest request, boolean stream) {
        return writer.write(request, stream);
    }
}
