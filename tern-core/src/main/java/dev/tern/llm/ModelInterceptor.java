package dev.tern.llm;

import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.StreamListener;

import dev.tern.run.RunContext;

/**
 * A step around every model call, at the single choke point ({@code ModelGateway}): context-window
 * checks, budgets, cost accounting, fallbacks. Interceptors run in registration order; each calls
 * {@code next.proceed(request)} (possibly with a changed request, e.g. trimmed or another model) or
 * throws a {@link ModelException} to stop the call.
 */
@FunctionalInterface
public interface ModelInterceptor {

    ChatResponse intercept(ChatRequest request, CallContext call, Chain next);

    /** The rest of the chain: ends at the provider. */
    @FunctionalInterface
    interface Chain {
        ChatResponse proceed(ChatRequest request);
    }

    /**
     * The call being made.
     *
     * @param run       the run it belongs to
     * @param iteration the loop iteration (1-based), 0 for calls outside the loop (consolidation)
     * @param stream    whether the call streams
     * @param listener  the stream listener (never null)
     */
    record CallContext(RunContext run, int iteration, boolean stream, StreamListener listener) { }
}
