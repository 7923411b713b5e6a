package dev.tern.model;

import dev.tern.cancel.Cancellation;

/**
 * The provider SPI: one blocking call and one streaming call. Implementations are thread-safe and
 * are called from virtual threads; they block, they never return futures.
 *
 * <p>Failures are always {@link ModelException}s with a {@link ModelException.Kind}; retries of
 * transient failures happen inside the provider, so a thrown exception is final.
 *
 * <p>Cancellation: the {@link Cancellation} variants are what the gateway calls. A provider that does
 * I/O must honour the token in every phase (connect, waiting for headers, reading the stream, waiting
 * between retries): when it is cancelled or its deadline passes, abort the exchange at once and throw
 * {@link ModelException.Kind#CANCELLED} (or {@link ModelException.Kind#TIMEOUT} for the deadline). The
 * defaults delegate to the token-less methods and can only check the token before and after the call.
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

    /** A blocking call that honours {@code cancel} (see the class comment). */
    default ChatResponse chat(ChatRequest request, StreamListener listener, Cancellation cancel) {
        checkCancelled(cancel, name());
        ChatResponse r = chat(request, listener);
        checkCancelled(cancel, name());
        return r;
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

    /** A streaming call that honours {@code cancel} (see the class comment). */
    default ChatResponse stream(ChatRequest request, StreamListener listener, Cancellation cancel) {
        checkCancelled(cancel, name());
        ChatResponse r = stream(request, listener);
        checkCancelled(cancel, name());
        return r;
    }

    /** @throws ModelException CANCELLED or TIMEOUT when {@code cancel} has fired */
    static void checkCancelled(Cancellation cancel, String provider) {
        if (cancel != null && cancel.isCancelled()) throw cancelled(cancel, provider);
    }

    /** The exception for a fired token: TIMEOUT for a passed deadline, CANCELLED otherwise. */
    static ModelException cancelled(Cancellation cancel, String provider) {
        boolean deadline = cancel.cause() == Cancellation.Cause.DEADLINE;
        return new ModelException(deadline ? ModelException.Kind.TIMEOUT : ModelException.Kind.CANCELLED, provider, 0,
                deadline ? "the run's time limit was reached during the model call" : "the model call was cancelled: " + cancel.reason(),
                null, null);
    }
}
