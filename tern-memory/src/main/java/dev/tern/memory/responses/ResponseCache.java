package dev.tern.memory.responses;

import dev.tern.cancel.Cancellation;
import dev.tern.cost.PriceTable;
import dev.tern.llm.ModelInterceptor;
import dev.tern.llm.RequestTags;
import dev.tern.llm.StreamReplay;
import dev.tern.metrics.Metrics;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.ModelException;
import dev.tern.model.ModelProvider;
import dev.tern.model.StopReason;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.Usage;
import dev.tern.run.AgentEvent;
import dev.tern.run.RunContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The response cache: a {@link ModelInterceptor} that answers a request it has seen before without
 * calling the provider, and lets identical requests in flight share one provider call.
 *
 * <ul>
 *   <li>Key: {@link RequestKey} (SHA-256 of what decides the answer).</li>
 *   <li>Only for requests that opt in: the policy's default, overridden per call by the
 *       {@link RequestTags#RESPONSE_CACHE} tag; never for requests carrying results of tools that are not
 *       read-only, unless {@code cacheSideEffects}.</li>
 *   <li>Memory tier bounded by bytes, evicting by (hits, age) in O(k log n); TTL; a disk tier that
 *       survives restarts, written atomically.</li>
 *   <li>Every entry is signed with HMAC-SHA256 (a workspace key, 0600). Memory hits are verified per
 *       {@link VerifyMode}; disk reads always are. An entry that fails is dropped and counted, never served.</li>
 *   <li>Identical requests in flight: one leader calls the provider, the others wait for its answer
 *       (a follower whose own run is cancelled stops waiting; if the leader's run was cancelled or ran out
 *       of budget, the followers try again themselves).</li>
 * </ul>
 *
 * <p>A served answer bills nothing: the response carries {@link Usage#ZERO}, the run sees an
 * {@link AgentEvent.ModelCacheHit} with what the original call cost, and a streaming caller gets the
 * answer replayed as deltas. Place it first in the gateway, before the budget guard, fallbacks,
 * context-window guard and cost meter: a hit then consumes no budget and needs no trimming or pricing,
 * while a miss goes through all of them.
 */
public final class ResponseCache implements ModelInterceptor {

    /** Told about every call the cache answered (the performance tracker records them). */
    @FunctionalInterface
    public interface Observer {
        void served(CallContext call, ChatRequest request, CachedAnswer answer, boolean coalesced, long waitNanos);
    }

    private final ResponseCachePolicy policy;
    private final Metrics metrics;
    private final Predicate<String> readOnlyTool;
    private final PriceTable prices;
    private final Observer observer;
    private final LongSupplier clock;
    private final AnswerStore store;
    private final ConcurrentHashMap<String, Flight> inFlight = new ConcurrentHashMap<>();

    /** A provider call in flight for a key: its answer to come, and the leader's run token. */
    private record Flight(CompletableFuture<CachedAnswer> answer, Cancellation leaderRun) { }
    private final LongAdder hits = new LongAdder(), misses = new LongAdder(), coalesced = new LongAdder(),
            skipped = new LongAdder(), savedTokens = new LongAdder();
    private final DoubleAdder savedUsd = new DoubleAdder();

    private ResponseCache(Builder b, AnswerStore store) {
        this.policy = b.policy;
        this.metrics = b.metrics;
        this.readOnlyTool = b.readOnlyTool;
        this.prices = b.prices;
        this.observer = b.observer;
        this.clock = b.clock;
        this.store = store;
    }

    public static Builder builder(ResponseCachePolicy policy, Metrics metrics) { return new Builder(policy, metrics); }

    public ResponseCachePolicy policy() { return policy; }

    /** The disk tier's folder, or null without one. */
    public Path directory() { return store.dir(); }

    @Override
    public ChatResponse intercept(ChatRequest request, CallContext call, Chain next) {
        if (!applies(request)) return next.proceed(request);
        long start = System.nanoTime();
        String key = RequestKey.of(request);
        if (policy.bypass()) {
            misses.increment();
            metrics.counter("cache.response.miss").increment();
            ChatResponse r = next.proceed(request);
            CachedAnswer a = answer(key, request, r);
            if (cacheable(r)) store.store(a);
            return r;
        }
        while (true) {
            CachedAnswer a = store.lookup(key);
            if (a != null) {
                long took = System.nanoTime() - start;
                metrics.timer("cache.response.lookup").record(took);
                return serve(a, call, request, false, took);
            }
            Flight mine = new Flight(new CompletableFuture<>(), call == null || call.run() == null ? null : call.run().cancellation());
            Flight leader = inFlight.putIfAbsent(key, mine);
            if (leader == null) return lead(key, request, call, next, mine);
            CachedAnswer shared = follow(leader, call);
            if (shared != null) return serve(shared, call, request, true, System.nanoTime() - start);
        }
    }

    private ChatResponse lead(String key, ChatRequest request, CallContext call, Chain next, Flight flight) {
        CompletableFuture<CachedAnswer> mine = flight.answer();
        try {
            CachedAnswer raced = store.lookup(key); // the previous leader may have stored it since our lookup
            if (raced != null) {
                mine.complete(raced);
                return serve(raced, call, request, false, 0);
            }
            misses.increment();
            metrics.counter("cache.response.miss").increment();
            ChatResponse r = next.proceed(request);
            CachedAnswer a = answer(key, request, r);
            if (cacheable(r)) store.store(a);
            mine.complete(a);
            return r;
        } catch (Throwable t) {
            mine.completeExceptionally(t);
            throw t;
        } finally {
            inFlight.remove(key, flight);
        }
    }

    /**
     * The leader's answer; null when the leader failed for reasons of its own run (cancelled, past its
     * deadline, out of budget): then the caller tries again, and may lead.
     */
    private CachedAnswer follow(Flight flight, CallContext call) {
        CompletableFuture<CachedAnswer> leader = flight.answer();
        Cancellation cancel = call == null || call.run() == null ? null : call.run().cancellation();
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        Cancellation.Registration reg = cancel == null ? null : cancel.onCancel(() -> cancelled.complete(null));
        try {
            CompletableFuture.anyOf(leader, cancelled).get();
        } catch (ExecutionException e) {
            // the leader failed: handled below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(ModelException.Kind.CANCELLED, "tern", "interrupted while waiting for an identical call");
        } finally {
            if (reg != null) reg.close();
        }
        if (!leader.isDone()) throw ModelProvider.cancelled(cancel, "tern");
        try {
            return leader.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(ModelException.Kind.CANCELLED, "tern", "interrupted while waiting for an identical call");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ModelException me) {
                boolean leaderStopped = me.kind() == ModelException.Kind.BUDGET
                        || (me.kind() == ModelException.Kind.CANCELLED || me.kind() == ModelException.Kind.TIMEOUT)
                        && flight.leaderRun() != null && flight.leaderRun().isCancelled();
                if (leaderStopped) return null; // the leader's run stopped it, not the request
                throw new ModelException(me.kind(), me.provider(), me.status(), me.getMessage(), me.retryAfter(), me);
            }
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        }
    }

    private ChatResponse serve(CachedAnswer a, CallContext call, ChatRequest request, boolean shared, long nanos) {
        ChatResponse original = a.response();
        long tokens = original.usage().totalTokens();
        (shared ? coalesced : hits).increment();
        metrics.counter(shared ? "cache.response.coalesced" : "cache.response.hit").increment();
        savedTokens.add(tokens);
        savedUsd.add(a.costUsd());
        metrics.counter("cache.response.saved_tokens").add(tokens);
        metrics.counter("cache.response.saved_microusd").add(Math.round(a.costUsd() * 1e6));
        RunContext run = call == null ? null : call.run();
        if (run != null) {
            run.events().emit(new AgentEvent.ModelCacheHit(run.runId(), run.agent(), call.iteration(),
                    original.model() == null ? request.model() : original.model(), shared, Duration.ofNanos(nanos), tokens,
                    a.costUsd()));
        }
        if (observer != null) observer.served(call, request, a, shared, nanos);
        if (call != null && call.stream()) StreamReplay.to(call.listener(), original.message());
        return new ChatResponse(original.message(), Usage.ZERO, original.stopReason(), original.model(), original.id());
    }

    private CachedAnswer answer(String key, ChatRequest request, ChatResponse r) {
        double cost = 0;
        if (prices != null) {
            String model = r.model() != null && prices.price(r.model()).isPresent() ? r.model() : request.model();
            cost = prices.cost(model, r.usage(), request.caching().ttl(), RequestTags.isTrue(request.metadata(), RequestTags.BATCH)).total();
        }
        long now = clock.getAsLong();
        return new CachedAnswer(key, r, cost, now, now + policy.ttl().toMillis());
    }

    private boolean applies(ChatRequest request) {
        String tag = request.metadata().get(RequestTags.RESPONSE_CACHE);
        if (!(tag == null ? policy.enabled() : "true".equalsIgnoreCase(tag))) return false;
        if (policy.cacheSideEffects()) return true;
        for (Message m : request.messages()) {
            if (m instanceof ToolResultMessage r && !readOnlyTool.test(r.toolName())) {
                skipped.increment();
                metrics.counter("cache.response.skipped").increment();
                return false;
            }
        }
        return true;
    }

    private static boolean cacheable(ChatResponse r) {
        if (r.stopReason() == StopReason.CONTENT_FILTER || r.stopReason() == StopReason.REFUSAL) return false;
        return !r.message().text().isEmpty() || r.message().hasToolCalls();
    }

    /** Drops every stored answer, in memory and on disk. */
    public void clear() throws IOException { store.clear(); }

    public ResponseCacheStats snapshot() {
        return new ResponseCacheStats(store.entries(), store.bytes(), store.maxBytes(), store.diskBytes(), store.diskMaxBytes(),
                inFlight.size(), hits.sum(), store.diskHits.sum(), misses.sum(), coalesced.sum(), store.evicted.sum(),
                store.expired.sum(), store.verifyFailures.sum(), skipped.sum(), store.diskErrors.sum(), savedTokens.sum(),
                savedUsd.sum(), store.lastDiskError);
    }

    /** Assembles a {@link ResponseCache}. */
    public static final class Builder {
        private final ResponseCachePolicy policy;
        private final Metrics metrics;
        private Path dir;
        private Predicate<String> readOnlyTool = name -> false;
        private PriceTable prices;
        private Observer observer;
        private LongSupplier clock = System::currentTimeMillis;

        private Builder(ResponseCachePolicy policy, Metrics metrics) {
            this.policy = Objects.requireNonNull(policy, "policy");
            this.metrics = Objects.requireNonNull(metrics, "metrics");
        }

        /** The disk tier's folder (e.g. {@code .tern/response-cache}); it also holds the HMAC key. */
        public Builder directory(Path v) { this.dir = v; return this; }

        /** Which tools are read-only (results of the others make a request uncacheable); unknown tools are not. */
        public Builder readOnlyTools(Predicate<String> v) { this.readOnlyTool = Objects.requireNonNull(v); return this; }

        /** Prices, to count the money each hit saved; without them savings are 0. */
        public Builder prices(PriceTable v) { this.prices = v; return this; }

        public Builder observer(Observer v) { this.observer = v; return this; }

        /** The wall clock in epoch milliseconds (tests of expiry). */
        public Builder clock(LongSupplier v) { this.clock = Objects.requireNonNull(v); return this; }

        /**
         * @throws IOException when the cache is enabled for every call and the disk tier's key cannot be read or created
         *                     (when only some calls opt in, the key is opened on first use)
         */
        public ResponseCache build() throws IOException {
            AnswerStore store = new AnswerStore(policy, metrics, clock, dir, policy.enabled());
            if (policy.enabled() && !policy.bypass()) Thread.ofVirtual().name("response-cache-warmup").start(store::warmUp);
            return new ResponseCache(this, store);
        }
    }
}
