package dev.tern.provider.batch;

import dev.tern.batch.BatchApi;
import dev.tern.batch.BatchPolling;
import dev.tern.batch.BatchRequest;
import dev.tern.batch.BatchResult;
import dev.tern.batch.BatchStatus;
import dev.tern.cancel.Cancellation;
import dev.tern.llm.ModelInterceptor;
import dev.tern.llm.RequestTags;
import dev.tern.llm.StreamReplay;
import dev.tern.metrics.Metrics;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.ModelException;
import dev.tern.model.ModelProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Sends the gateway's calls tagged {@link RequestTags#BATCH} through the vendor's batch API instead of
 * the provider, at the batch discount (the cost meter and budget guard price tagged calls so). Put it
 * last in the gateway, right before the provider: the budget, fallbacks, context window, cost meter and
 * tracker all see a batch call like any other. Untagged calls pass through.
 *
 * <p>Tagged calls arriving within a short window (for the same vendor and model) are submitted together
 * as one batch: a workflow's fan-out of twenty steps is one batch, not twenty. A poller with backoff
 * waits for it to end and hands each caller the result with its custom id. A caller whose run is
 * cancelled leaves at once; when every caller of a batch has left, the batch is cancelled at the vendor.
 * Streaming callers get the answer replayed as deltas when it arrives.
 */
public final class BatchRouter implements ModelInterceptor {

    /**
     * @param window      how long the first tagged call waits for others to join its batch
     * @param maxRequests a batch is submitted at once when it reaches this many requests
     * @param polling     how the status is polled
     */
    public record Options(Duration window, int maxRequests, BatchPolling polling) {
        public static final Options DEFAULT = new Options(Duration.ofMillis(200), 1000, BatchPolling.DEFAULT);

        public Options {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(polling, "polling");
            if (maxRequests < 1) throw new IllegalArgumentException("maxRequests must be >= 1");
        }
    }

    private final Function<String, BatchApi> apis;
    private final Metrics metrics;
    private final Options options;
    private final Map<String, Group> open = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param apis the batch API for a model (may throw {@link ModelException} AUTHENTICATION when none is configured)
     */
    public BatchRouter(Function<String, BatchApi> apis, Metrics metrics, Options options) {
        this.apis = Objects.requireNonNull(apis, "apis");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public ChatResponse intercept(ChatRequest request, CallContext call, Chain next) {
        if (!RequestTags.isTrue(request.metadata(), RequestTags.BATCH)) return next.proceed(request);
        BatchApi api = apis.apply(request.model());
        Waiter w = join(api, request);
        ChatResponse r = w.await(call == null || call.run() == null ? null : call.run().cancellation());
        if (call != null && call.stream()) StreamReplay.to(call.listener(), r.message());
        return r;
    }

    private Waiter join(BatchApi api, ChatRequest request) {
        Waiter w = new Waiter("tern-" + ids.incrementAndGet(), request);
        String key = api.name() + "\n" + request.model();
        Group full = null;
        synchronized (open) {
            Group g = open.get(key);
            if (g == null) {
                g = new Group(api);
                open.put(key, g);
                Group first = g;
                Thread.ofVirtual().name("batch-window").start(() -> {
                    try {
                        BatchPolling.sleep(options.window(), first.cancel, api.name());
                    } catch (ModelException e) {
                        // every caller left before the window closed: nothing is submitted
                    }
                    if (seal(key, first)) first.run();
                });
            }
            g.waiters.add(w);
            w.group = g;
            if (g.waiters.size() >= options.maxRequests() && seal(key, g)) full = g;
        }
        if (full != null) Thread.ofVirtual().name("batch").start(full::run);
        return w;
    }

    /** Closes a group to newcomers; true for the one caller that gets to run it. */
    private boolean seal(String key, Group g) {
        synchronized (open) {
            if (g.sealed) return false;
            g.sealed = true;
            open.remove(key, g);
            return true;
        }
    }

    /** One caller's request in a batch. */
    private final class Waiter {
        final String customId;
        final ChatRequest request;
        final CompletableFuture<ChatResponse> result = new CompletableFuture<>();
        Group group;

        Waiter(String customId, ChatRequest request) {
            this.customId = customId;
            this.request = request;
        }

        ChatResponse await(Cancellation cancel) {
            CompletableFuture<Void> cancelled = new CompletableFuture<>();
            Cancellation.Registration reg = cancel == null ? null : cancel.onCancel(() -> cancelled.complete(null));
            try {
                CompletableFuture.anyOf(result, cancelled).get();
            } catch (ExecutionException e) {
                // failed: handled below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                group.leave(this);
                throw new ModelException(ModelException.Kind.CANCELLED, group.api.name(), "interrupted while waiting for a batch");
            } finally {
                if (reg != null) reg.close();
            }
            if (!result.isDone()) {
                group.leave(this);
                throw ModelProvider.cancelled(cancel, group.api.name());
            }
            try {
                return result.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelException(ModelException.Kind.CANCELLED, group.api.name(), "interrupted");
            }
        }
    }

    /** The requests that go into one batch. */
    private final class Group {
        final BatchApi api;
        final List<Waiter> waiters = new ArrayList<>();
        final Cancellation cancel = Cancellation.create();
        boolean sealed;
        int left;

        Group(BatchApi api) { this.api = api; }

        void leave(Waiter w) {
            boolean all;
            synchronized (open) {
                left++;
                all = left == waiters.size();
            }
            if (all) cancel.cancel("every caller of the batch left");
        }

        void run() {
            List<Waiter> mine;
            synchronized (open) {
                mine = List.copyOf(waiters);
            }
            if (cancel.isCancelled() || mine.isEmpty()) return;
            String id = null;
            try {
                List<BatchRequest> requests = new ArrayList<>(mine.size());
                Map<String, Waiter> byId = new HashMap<>();
                for (Waiter w : mine) {
                    requests.add(new BatchRequest(w.customId, w.request));
                    byId.put(w.customId, w);
                }
                BatchStatus s = api.submit(requests, cancel);
                id = s.id();
                metrics.counter("batch.submitted").increment();
                metrics.counter("batch.requests").add(requests.size());
                s = options.polling().awaitEnd(api, id, cancel, null);
                if (s.hasResults()) {
                    api.results(id, r -> deliver(byId.remove(r.customId()), r), cancel);
                }
                String why = s.hasResults() ? "the batch ended without a result for this request" : "the batch failed: " + s.summary();
                for (Waiter w : byId.values()) {
                    w.result.completeExceptionally(new ModelException(ModelException.Kind.SERVER, api.name(), why));
                }
            } catch (RuntimeException e) {
                if (cancel.isCancelled() && id != null) cancelRemote(id);
                for (Waiter w : mine) w.result.completeExceptionally(e);
            }
        }

        private void deliver(Waiter w, BatchResult r) {
            if (w == null) return; // not ours (or delivered already)
            metrics.counter("batch.results." + r.outcome().name().toLowerCase(java.util.Locale.ROOT)).increment();
            switch (r.outcome()) {
                case SUCCEEDED -> w.result.complete(r.response());
                case EXPIRED -> w.result.completeExceptionally(new ModelException(ModelException.Kind.TIMEOUT, api.name(),
                        "the batch expired before this request was answered"));
                case CANCELLED -> w.result.completeExceptionally(new ModelException(ModelException.Kind.CANCELLED, api.name(),
                        "the batch was cancelled before this request was answered"));
                case ERRORED -> w.result.completeExceptionally(new ModelException(ModelException.Kind.SERVER, api.name(),
                        "the batch request failed: " + r.error()));
            }
        }

        private void cancelRemote(String id) {
            try {
                api.cancel(id, null);
                metrics.counter("batch.cancelled").increment();
            } catch (RuntimeException e) {
                metrics.counter("batch.cancel_failures").increment(); // the vendor finishes it; results are not read
            }
        }
    }
}
