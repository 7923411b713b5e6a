package dev.tern.memory.tracker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Aggregates call and run records per agent and per model: calls, failures, answers reused from the
 * response cache, p50/p95 latency of the calls that reached the provider (HdrHistogram, 2 significant
 * digits, so memory does not grow with the number of records), tokens by kind, cost, money saved, runs
 * and how many completed. Not thread-safe: one per query.
 */
public final class PerfSummary {

    /**
     * One group's numbers.
     *
     * @param group         "agent", "model" or "total"
     * @param calls         model calls
     * @param failed        calls that failed
     * @param cacheHits     calls answered by the response cache or an identical call in flight
     * @param batchCalls    calls through a batch API
     * @param p50Ms         median latency of provider calls (ms)
     * @param p95Ms         95th percentile latency of provider calls (ms)
     * @param runsCompleted runs that completed
     */
    public record Row(String group, String name, long calls, long failed, long cacheHits, long batchCalls, double p50Ms,
                      double p95Ms, long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                      double costUsd, double savedUsd, long runs, long runsCompleted) {

        /** Share of calls answered by the response cache. */
        public double cacheHitRate() { return calls == 0 ? 0 : (double) cacheHits / calls; }

        /** Share of calls that did not fail. */
        public double callSuccessRate() { return calls == 0 ? 0 : (double) (calls - failed) / calls; }

        /** Share of runs that completed. */
        public double runSuccessRate() { return runs == 0 ? 0 : (double) runsCompleted / runs; }

        /** Share of input tokens read from the provider's prompt cache. */
        public double promptCacheRate() {
            long in = inputTokens + cacheReadTokens + cacheWriteTokens;
            return in == 0 ? 0 : (double) cacheReadTokens / in;
        }
    }

    private static final class Acc {
        long calls, failed, reused, batch, in, out, cr, cw, runs, completed;
        double cost, saved;
        final Histogram latency = new Histogram(2);

        void add(CallRecord c) {
            calls++;
            if (!c.ok()) failed++;
            if (c.source().reused()) reused++;
            else latency.recordValue(Math.max(0, c.latencyMicros()));
            if (c.source() == CallRecord.Source.BATCH) batch++;
            in += c.inputTokens();
            out += c.outputTokens();
            cr += c.cacheReadTokens();
            cw += c.cacheWriteTokens();
            cost += c.costUsd();
            saved += c.savedUsd();
        }

        void add(RunRecord r) {
            runs++;
            if (r.completed()) completed++;
        }

        Row row(String group, String name) {
            boolean any = latency.getTotalCount() > 0;
            return new Row(group, name, calls, failed, reused, batch, any ? latency.getValueAtPercentile(50) / 1000.0 : 0,
                    any ? latency.getValueAtPercentile(95) / 1000.0 : 0, in, out, cr, cw, cost, saved, runs, completed);
        }
    }

    private final Map<String, Acc> byAgent = new TreeMap<>();
    private final Map<String, Acc> byModel = new TreeMap<>();
    private final Acc total = new Acc();

    public void add(CallRecord c) {
        total.add(c);
        byAgent.computeIfAbsent(name(c.agent()), k -> new Acc()).add(c);
        byModel.computeIfAbsent(name(c.model()), k -> new Acc()).add(c);
    }

    public void add(RunRecord r) {
        total.add(r);
        byAgent.computeIfAbsent(name(r.agent()), k -> new Acc()).add(r);
        byModel.computeIfAbsent(name(r.model()), k -> new Acc()).add(r);
    }

    private static String name(String s) { return s == null || s.isBlank() ? "-" : s; }

    public List<Row> byAgent() { return rows("agent", byAgent); }

    public List<Row> byModel() { return rows("model", byModel); }

    public Row total() { return total.row("total", "all"); }

    private static List<Row> rows(String group, Map<String, Acc> m) {
        List<Row> out = new ArrayList<>(m.size());
        m.forEach((k, v) -> out.add(v.row(group, k)));
        return out;
    }
}
