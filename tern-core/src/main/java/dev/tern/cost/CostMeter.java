package dev.tern.cost;

import dev.tern.run.RunContext;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.llm.ModelInterceptor;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Prices the usage of every model call and keeps totals per run ({@link RunContext#runId()}), per
 * session, per agent, per model and overall, for {@code /perf} and {@code --stats}. The answering
 * model is priced (after a fallback, the model that really answered), and a request whose metadata
 * has {@code batch=true} gets the batch discount. Each call's cost is also added to the run's own
 * counter ({@link RunContext#cost()}), which the agent reports in its {@code RunResult}. Totals are booked in a
 * {@link CostLedger} (in memory by default). Thread-safe; one instance per runtime.
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
    private final CostLedger ledger;

    public CostMeter(PriceTable prices) { this(prices, new MemoryCostLedger(), null); }

    /** @param listener told about each call's cost; may be null */
    public CostMeter(PriceTable prices, int maxKeys, CallListener listener) {
        this(prices, new MemoryCostLedger(maxKeys), listener);
    }

    /**
     * @param ledger   where each call's cost is booked (totals per run, session, agent, model)
     * @param listener told about each call's cost; may be null
     */
    public CostMeter(PriceTable prices, CostLedger ledger, CallListener listener) {
        this.prices = Objects.requireNonNull(prices, "prices");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.listener = listener;
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
        if (run != null) run.cost().add(cost.total()); // the run's own counter, read into RunResult
        ledger.book(new CostLedger.Entry(Instant.now(), run == null ? null : run.runId(), run == null ? null : run.sessionId(),
                run == null ? null : run.agent(), model, response.usage(), cost));
        if (listener != null) listener.onCall(run, response, cost);
    }

    public CostLedger ledger() { return ledger; }

    public CostTotals total() { return ledger.total(); }

    public CostTotals run(String runId) { return ledger.run(runId); }

    public CostTotals session(String sessionId) { return ledger.session(sessionId); }

    public CostTotals agent(String agent) { return ledger.agent(agent); }

    public CostTotals model(String model) { return ledger.model(model); }

    /** Totals overall, per agent and per model, sorted by name. */
    public Report report() {
        return new Report(ledger.total(), ledger.byAgent(), ledger.byModel());
    }

    public PriceTable prices() { return prices; }
}
