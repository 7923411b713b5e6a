package dev.tern.llm;

import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.ModelException;
import dev.tern.model.ModelProvider;
import dev.tern.model.StreamListener;
import dev.tern.model.Usage;

import dev.tern.run.AgentEvent;
import dev.tern.run.Events;
import dev.tern.cancel.Cancellation;
import dev.tern.metrics.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The single place every model call goes through — agent turns, consolidation, routing, sub-agents —
 * so that events, counters, budgets, cost accounting and context checks cannot be bypassed.
 * Interceptors run in the order added, the provider last.
 */
public final class ModelGateway {

    private final Function<String, ModelProvider> providers;
    private final Metrics metrics;
    private final List<ModelInterceptor> interceptors = new CopyOnWriteArrayList<>();

    /** A gateway with one provider for every model. */
    public ModelGateway(ModelProvider provider, Metrics metrics) {
        this(model -> provider, metrics);
        Objects.requireNonNull(provider, "provider");
    }

    /** A gateway that picks the provider per model id (e.g. claude-* to Anthropic, the rest to OpenAI). */
    public ModelGateway(Function<String, ModelProvider> providers, Metrics metrics) {
        this.providers = Objects.requireNonNull(providers, "providers");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public ModelGateway addInterceptor(ModelInterceptor i) {
        interceptors.add(i);
        return this;
    }

    public Metrics metrics() { return metrics; }

    /** The provider that serves {@code model}. */
    public ModelProvider providerFor(String model) { return providers.apply(model); }

    /**
     * Makes one model call through the interceptors, emitting ModelRequested / ModelRetrying /
     * TextDelta / ModelResponded events on the run's sink.
     *
     * @throws ModelException on any failure (already retried inside the provider)
     */
    public ChatResponse call(ChatRequest request, ModelInterceptor.CallContext ctx) {
        Events events = ctx.run().events();
        String runId = ctx.run().runId();
        String agent = ctx.run().agent();
        events.emit(new AgentEvent.ModelRequested(runId, agent, ctx.iteration(), request.model(),
                request.messages().size(), -1));
        long start = System.nanoTime();
        long[] firstByte = {0};
        StreamListener downstream = ctx.listener();
        StreamListener listener = new StreamListener() {
            @Override public void onText(String d) {
                events.emit(new AgentEvent.TextDelta(runId, agent, d));
                downstream.onText(d);
            }
            @Override public void onThinking(String d) {
                events.emit(new AgentEvent.ThinkingDelta(runId, agent, d));
                downstream.onThinking(d);
            }
            @Override public void onToolCallStart(int index, String id, String name) { downstream.onToolCallStart(index, id, name); }
            @Override public void onToolCallArguments(int index, String d) { downstream.onToolCallArguments(index, d); }
            @Override public void onFirstByte() {
                if (firstByte[0] == 0) firstByte[0] = System.nanoTime();
                downstream.onFirstByte();
            }
            @Override public void onRetry(int attempt, Duration delay, String reason) {
                metrics.counter("model.retries").increment();
                events.emit(new AgentEvent.ModelRetrying(runId, agent, request.model(), attempt, delay, reason));
                downstream.onRetry(attempt, delay, reason);
            }
        };
        ModelInterceptor.CallContext wrapped = new ModelInterceptor.CallContext(ctx.run(), ctx.iteration(), ctx.stream(), listener);
        try {
            ChatResponse r = chain(0, wrapped).proceed(request);
            long elapsed = System.nanoTime() - start;
            record(r, elapsed, firstByte[0] == 0 ? 0 : firstByte[0] - start);
            events.emit(new AgentEvent.ModelResponded(runId, agent, ctx.iteration(),
                    r.model() == null ? request.model() : r.model(), r.usage(), Duration.ofNanos(elapsed),
                    firstByte[0] == 0 ? null : Duration.ofNanos(firstByte[0] - start), r.stopReason(),
                    r.message().toolCalls().size()));
            return r;
        } catch (ModelException e) {
            metrics.counter("model.errors").increment();
            metrics.counter("model.errors." + e.kind().name().toLowerCase()).increment();
            throw e;
        }
    }

    private ModelInterceptor.Chain chain(int index, ModelInterceptor.CallContext ctx) {
        if (index == interceptors.size()) {
            return req -> {
                ModelProvider p = providers.apply(req.model());
                if (p == null) throw new ModelException(ModelException.Kind.NOT_FOUND, "tern", "no provider serves model '" + req.model() + "'");
                Cancellation cancel = ctx.run().cancellation();
                ModelProvider.checkCancelled(cancel, p.name());
                // belt and braces: a provider that does not abort on the token itself is interrupted
                Thread self = Thread.currentThread();
                Cancellation.Registration wake = cancel.onCancel(self::interrupt);
                try {
                    return ctx.stream() ? p.stream(req, ctx.listener(), cancel) : p.chat(req, ctx.listener(), cancel);
                } catch (ModelException e) {
                    if (cancel.isCancelled()) throw ModelProvider.cancelled(cancel, p.name());
                    throw e;
                } finally {
                    wake.close();
                    if (wake.fired()) Thread.interrupted(); // ours: must not leak into the caller
                }
            };
        }
        ModelInterceptor i = interceptors.get(index);
        ModelInterceptor.Chain next = chain(index + 1, ctx);
        return req -> i.intercept(req, ctx, next);
    }

    private void record(ChatResponse r, long nanos, long ttftNanos) {
        metrics.counter("model.calls").increment();
        metrics.timer("model.time").record(nanos);
        if (ttftNanos > 0) metrics.timer("model.ttft").record(ttftNanos);
        Usage u = r.usage();
        metrics.counter("model.tokens.input").add(u.inputTokens());
        metrics.counter("model.tokens.output").add(u.outputTokens());
        metrics.counter("model.tokens.cache_read").add(u.cacheReadTokens());
        metrics.counter("model.tokens.cache_write").add(u.cacheWriteTokens());
    }
}
