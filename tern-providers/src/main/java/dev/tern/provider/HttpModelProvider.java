package dev.tern.provider;

import dev.tern.cancel.Cancellation;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.ModelProvider;
import dev.tern.model.StreamListener;
import dev.tern.provider.http.ProviderConfig;

import java.util.List;
import java.util.Optional;

/** What the HTTP providers (OpenAI-compatible, Anthropic) offer beyond the core SPI. */
public interface HttpModelProvider extends ModelProvider {

    /**
     * A blocking (non-streamed) call that still reports retries to {@code listener.onRetry}, so a
     * rate-limit wait is visible without streaming; no other callbacks fire.
     */
    @Override
    ChatResponse chat(ChatRequest request, StreamListener listener);

    /** How this provider is reached (base URL, timeouts, retries, concurrency). */
    ProviderConfig config();

    /**
     * Opens a connection to this provider's server ahead of the first call, so that call does not wait for the TCP and
     * TLS handshakes nor for the process's first TLS set-up ({@link dev.tern.http.HttpTransport#preconnect}). Blocks
     * until it is open, for at most the transport's connect timeout: call it from a thread of its own.
     *
     * @return false when the transport cannot open a connection without a request
     * @throws java.io.IOException when the server cannot be reached (the first call reports it again)
     */
    boolean preconnect() throws java.io.IOException;

    /** Requests to this provider in flight now (between taking a concurrency slot and releasing it). */
    int inFlight();

    /** The most requests this provider had in flight at once; never above {@code config().maxConcurrency()}. */
    int peakInFlight();

    /** The request body exactly as it would be sent (tests, debugging, benchmarks). */
    String requestJson(ChatRequest request, boolean stream);

    /**
     * The models the server lists ({@code GET /v1/models}) with their context windows where it states
     * them; read once and cached by this provider.
     *
     * @throws dev.tern.model.ModelException as for a chat call (NOT_FOUND when the server has no list)
     */
    List<ModelInfo> models(Cancellation cancel);

    default List<ModelInfo> models() { return models(null); }

    /** The context window the server states for {@code model}, if it lists the model with one. */
    default Optional<Integer> contextWindow(String model) {
        for (ModelInfo m : models()) {
            if (m.id().equals(model)) return Optional.ofNullable(m.contextWindow());
        }
        return Optional.empty();
    }
}
