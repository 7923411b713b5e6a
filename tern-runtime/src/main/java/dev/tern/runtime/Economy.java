package dev.tern.runtime;

import dev.tern.batch.BatchApi;
import dev.tern.cost.PriceTable;
import dev.tern.http.HttpTransport;
import dev.tern.memory.responses.ResponseCache;
import dev.tern.memory.responses.ResponseCachePolicy;
import dev.tern.memory.tracker.PerfTracker;
import dev.tern.metrics.Metrics;
import dev.tern.provider.batch.BatchApis;
import dev.tern.provider.batch.BatchRouter;
import dev.tern.tool.ToolRegistry;
import dev.tern.workspace.config.TernConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What a workspace does not to pay twice or at full price (issue 12): the response cache (first in the
 * gateway), the performance tracker right after it, and the vendors' batch APIs behind the
 * {@link BatchRouter} (last in the gateway). One per {@link WorkspaceRuntime}; closed with it.
 */
final class Economy implements AutoCloseable {

    private final PerfTracker tracker;
    private final ResponseCache responseCache;
    private final Supplier<HttpTransport> transport;
    private final Map<String, String> batchEnv;
    private final Map<String, BatchApi> batchApis = new ConcurrentHashMap<>();
    private final Metrics metrics;

    /**
     * @param tools    the registry whose read-only traits decide which tool results may be answered from the cache
     * @param warnings receives the config sections' warnings
     * @throws SetupException when the response cache's directory cannot be used
     */
    Economy(Path workspace, TernConfig config, RuntimeOptions o, PriceTable prices, Metrics metrics, ToolRegistry tools,
            Supplier<HttpTransport> transport, List<String> warnings) {
        this.metrics = metrics;
        this.transport = transport;
        this.tracker = PerfTracker.open(workspace, prices, metrics, ConfigSupport.trackerOptions(config, warnings));
        Path dir = workspace.resolve(".tern").resolve("response-cache");
        ResponseCachePolicy policy = ConfigSupport.responseCachePolicy(config, o.noCache(), warnings);
        try {
            this.responseCache = ResponseCache.builder(policy, metrics).directory(dir)
                    .readOnlyTools(name -> tools.find(name).map(t -> t.traits().readOnly()).orElse(false)).prices(prices)
                    .observer((call, request, answer, coalesced, nanos) -> tracker.cacheServed(call, request, answer.response(),
                            answer.costUsd(), coalesced, nanos))
                    .build();
        } catch (java.io.IOException e) {
            throw new SetupException("response cache: cannot use " + dir + ": " + e.getMessage());
        }
        this.batchEnv = ConfigSupport.providerEnv(config, o.env());
    }

    ResponseCache responseCache() { return responseCache; }

    PerfTracker tracker() { return tracker; }

    /** The gateway's last interceptor: calls tagged {@code batch=true} go through the vendor's batch API. */
    BatchRouter batchRouter() { return new BatchRouter(this::batchApi, metrics, BatchRouter.Options.DEFAULT); }

    /** The batch API that serves {@code model} (Anthropic Message Batches for Claude models, else the OpenAI Batch API). */
    BatchApi batchApi(String model) {
        return batchApis.computeIfAbsent(model == null ? "" : model, m -> BatchApis.forModel(transport.get(), model, batchEnv));
    }

    /** The batch API that owns {@code batchId}. */
    BatchApi batchApiForId(String batchId) { return BatchApis.forBatchId(transport.get(), batchId, batchEnv); }

    @Override
    public void close() {
        try {
            tracker.close();
        } catch (java.io.IOException e) {
            metrics.counter("tracker.write_errors").increment(); // the records were written; only the close failed
        }
    }
}
