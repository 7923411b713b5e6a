package dev.tern.provider;

import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.ModelProvider;
import dev.tern.model.StreamListener;
import dev.tern.provider.http.JsonBody;
import dev.tern.provider.http.ProviderHttp;

/** What the HTTP providers (OpenAI-compatible, Anthropic) offer beyond the core SPI. */
public interface HttpModelProvider extends ModelProvider {

    /**
     * A blocking (non-streamed) call that still reports retries to {@code listener.onRetry}, so a
     * rate-limit wait is visible without streaming; no other callbacks fire.
     */
    ChatResponse chat(ChatRequest request, StreamListener listener);

    /** The shared request machinery: config, rate limiter (in-flight count), error mapper. */
    ProviderHttp http();

    /** The request body exactly as it would be sent (benchmarks measure this hot path). */
    JsonBody requestBody(ChatRequest request, boolean stream);

    /** The request body as text (tests, debugging). */
    default String requestJson(ChatRequest request, boolean stream) {
        return requestBody(request, stream).toString();
    }
}
