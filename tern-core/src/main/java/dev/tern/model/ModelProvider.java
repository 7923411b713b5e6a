package dev.tern.model;

/**
 * The provider SPI: one blocking call and one streaming call. Implementations are thread-safe and
 * are called from virtual threads; they block, they never return futures.
 *
 * <p>Failures are always {@link ModelException}s with a {@link ModelException.Kind}; retries of
 * transient failures happen inside the provider, so a thrown exception is final.
 */
public interface ModelProvider {

    /** A short name for logs and metrics: "openai", "anthropic", ... */
    String name();

    /** Sends the request and waits for the whole answer. */
    ChatResponse chat(ChatRequest request);

    /**
     * A blocking call that still reports to {@code listener} what the user should see while waiting
     * (retries). The default ignores the listener; HTTP providers override it.
     */
    default ChatResponse chat(ChatRequest request, StreamListener listener) {
        return chat(request);
    }

    /**
     * Sends the request with streaming, calling {@code listener} as deltas arrive, and returns the
     * aggregated answer. The default falls back to a blocking call and replays it as one delta.
     */
    default ChatResponse stream(ChatRequest request, StreamListener listener) {
        ChatResponse r = chat(request);
        if (!r.message().text().isEmpty()) listener.onText(r.message().text());
        return r;
    }
}
