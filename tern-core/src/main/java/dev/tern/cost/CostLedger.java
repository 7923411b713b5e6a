package dev.tern.cost;

import dev.tern.model.Usage;
import java.time.Instant;
import java.util.Map;

/**
 * Where the cost of every model call is booked, with totals per run, session, agent and model for
 * {@code /perf}, {@code --stats} and budgets. The embedded implementation keeps bounded totals in
 * memory; server implementations (shared by gateway nodes) pass the same conformance suite.
 * Thread-safe.
 */
public interface CostLedger {

    /**
     * One priced model call.
     *
     * @param at        when it answered
     * @param runId     the run, or null for calls outside a run
     * @param sessionId the session, or null
     * @param agent     the agent, or null
     * @param model     the model that answered (after fallbacks)
     * @param usage     its tokens
     * @param cost      its price
     */
    record Entry(Instant at, String runId, String sessionId, String agent, String model, Usage usage, CallCost cost) { }

    void book(Entry entry);

    CostTotals total();

    CostTotals run(String runId);

    CostTotals session(String sessionId);

    CostTotals agent(String agent);

    CostTotals model(String model);

    /** Totals per agent, sorted by name. */
    Map<String, CostTotals> byAgent();

    /** Totals per model, sorted by name. */
    Map<String, CostTotals> byModel();
}
