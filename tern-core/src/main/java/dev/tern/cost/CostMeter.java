package dev.tern.cost;

import dev.tern.run.RunContext;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.llm.ModelInterceptor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prices the usage of every model call and keeps totals per run ({@link RunContext#runId()}), per
 * session, per agent, per model and overall, for {@code /perf} and {@code --stats}. The answering
 * model is priced (after a fallback, the model that really answered), and a request whose metadata
 * has {@code batch=true} gets the batch discount. Each call's cost is also added to the run's own
 * counter ({@link RunContext#cost()}), which the agent reports in its {@code RunResult}. Runs and sessions are kept for the most recent
 * {@code maxKeys} of each. Thread-safe; one instance per runtime.
 */
public final class CostMeter implements ModelInterceptor {

    /** Called after every priced call. */
    @FunctionalInterface
    public interface CallListener {
        void onCall(RunContext run, ChatResponse response, CallCost cost);
    }

    /** Everything at one moment. */
    public record Report(CostTotals total, Map<String, CostTotals> byAgent, Map<String, CostTotals> byModel) { }

    private final PriceTable prices;
    private final CallListener listener;
    private final CostTally total = new CostTally();
    private final Map<String, CostTally> byAgent = new ConcurrentHashMap<>();
    private final Map<String, CostTally> byModel = new ConcurrentHashMap<>();
    private final Map<String, CostTally> byRun;
    private final Map<String, CostTally> bySession;

    public CostMeter(PriceTable prices) { this(prices, 10_000, null); }

    /**
     * @param listener told about each call's cost; may be null
     */
    public CostMeter(PriceTable prices, int maxKeys, CallListener listener) {
        this.prices = Objects.requireNonNull(prices, "prices");
        this.listener = listener;
        this.byRun = lru(maxKeys);
        this.bySession = lru(maxKeys);
    }

    @Override
    public ChatResponse intercept(ChatRequest request, CallContext call, Chain next) {
        ChatResponse response = next.proceed(request);
        String model = response.model() != null && prices.price(response.model()).isPresent() ? response.model() : request.model();
        CallCost cost = prices.cost(model, response.usage(), request.caching().ttl(),
                "true".equalsIgnoreCase(request.metadata().get("batch")));
        record(call == null ? null : call.run(), model, response, cost);
        return response;
    }

    private void record(RunContext run, String model, ChatResponse response, CallCost cost) {
        total.add(response.usage(), cost);
        byModel.computeIfAbsent(model, k -> new CostTally()).add(response.usage(), cost);
        if (run != null) {
            run.cost().add(cost.total()); // the run's own counter, read into RunResult
            byAgent.computeIfAbsent(run.agent(), k -> new CostTally()).add(response.usage(), cost);
            byRun.computeIfAbsent(run.runId(), k -> new CostTally()).add(response.usage(), cost);
            if (run.sessionId() != null) bySession.computeIfAbsent(run.sessionId(), k -> new CostTally()).add(response.usage(), cost);
        }
        if (listener != null) listener.onCall(run, response, cost);
    }

    public CostTotals total() { return total.snapshot(); }

    public CostTotals run(String runId) { return get(byRun, runId); }

    public CostTotals session(String sessionId) { return get(bySession, sessionId); }

    public CostTotals agent(String agent) { return get(byAgent, agent); }

    public CostTotals model(String model) { return get(byModel, model); }

    /** Totals overall, per agent and per model, sorted by name. */
    public Report report() {
        return new Report(total.snapshot(), snapshot(byAgent), snapshot(byModel));
    }

    public PriceTable prices() { return prices; }

    private static CostTotals get(Map<String, CostTally> map, String key) {
        CostTally t = key == null ? null : map.get(key);
        return t == null ? CostTotals.ZERO : t.snapshot();
    }

    private static Map<String, CostTotals> snapshot(Map<String, CostTally> map) {
        Map<String, CostTotals> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v.snapshot()));
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, CostTally> lru(int max) {
        if (max < 1) throw new IllegalArgumentException("maxKeys must be >= 1");
        Map<String, CostTally> m = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CostTally> eldest) { return size() > max; }
        };
        return Collections.synchronizedMap(m); // its computeIfAbsent and forEach hold the lock
    }
}
