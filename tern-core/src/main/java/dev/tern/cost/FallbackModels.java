package dev.tern.cost;

import dev.tern.run.RunContext;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.ModelException;
import dev.tern.llm.ModelInterceptor;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * When the requested model fails with a transient kind after the provider's own retries
 * (by default every retryable kind: RATE_LIMITED, OVERLOADED, SERVER, TIMEOUT, CONNECTION,
 * PROTOCOL), the call is retried with the
 * next model of a configured list, in order. The response's {@link ChatResponse#model()} names the
 * model that answered; a listener hears about each switch. Non-transient failures (a bad request,
 * authentication, a budget) are thrown at once. If every model fails, the last failure is thrown
 * with the earlier ones attached as suppressed exceptions.
 *
 * <p>A streaming call that failed after emitting text is retried like any other; the listener sees
 * the fallback's text after the partial text.
 */
public final class FallbackModels implements ModelInterceptor {

    /** Default kinds that move on to the next model. */
    public static final Set<ModelException.Kind> TRANSIENT = transientKinds();

    /** Told when a model failed and the next one is tried. */
    @FunctionalInterface
    public interface Listener {
        void onFallback(RunContext run, String failedModel, ModelException error, String nextModel);
    }

    private final List<String> fallbacks;
    private final Set<ModelException.Kind> triggers;
    private final Listener listener;

    public FallbackModels(List<String> fallbacks) { this(fallbacks, TRANSIENT, null); }

    /**
     * @param fallbacks models to try after the requested one, in order
     * @param triggers  failure kinds that move on to the next model
     * @param listener  told about each switch; may be null
     */
    public FallbackModels(List<String> fallbacks, Set<ModelException.Kind> triggers, Listener listener) {
        this.fallbacks = List.copyOf(fallbacks);
        this.triggers = triggers.isEmpty() ? Set.of() : EnumSet.copyOf(triggers);
        this.listener = listener;
        if (this.fallbacks.isEmpty()) throw new IllegalArgumentException("at least one fallback model is needed");
    }

    @Override
    public ChatResponse intercept(ChatRequest request, CallContext call, Chain next) {
        Set<String> order = new LinkedHashSet<>();
        order.add(request.model());
        order.addAll(fallbacks);
        List<String> models = new ArrayList<>(order);
        List<ModelException> failures = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            String model = models.get(i);
            try {
                ChatResponse r = next.proceed(i == 0 ? request : request.withModel(model));
                if (i == 0 && r.model() != null) return r;
                return new ChatResponse(r.message(), r.usage(), r.stopReason(), r.model() != null ? r.model() : model, r.id());
            } catch (ModelException e) {
                if (!triggers.contains(e.kind()) || i == models.size() - 1) {
                    failures.forEach(e::addSuppressed);
                    throw e;
                }
                failures.add(e);
                if (listener != null) listener.onFallback(call == null ? null : call.run(), model, e, models.get(i + 1));
            }
        }
        throw new IllegalStateException("unreachable: the model list is never empty");
    }

    public List<String> fallbacks() { return fallbacks; }

    private static Set<ModelException.Kind> transientKinds() {
        Set<ModelException.Kind> kinds = EnumSet.noneOf(ModelException.Kind.class);
        for (ModelException.Kind k : ModelException.Kind.values()) if (k.retryable()) kinds.add(k);
        return java.util.Collections.unmodifiableSet(kinds);
    }

}
