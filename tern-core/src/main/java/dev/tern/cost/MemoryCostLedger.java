package dev.tern.cost;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded {@link CostLedger}: running totals in memory, overall and per agent and model (few keys),
 * per run and per session for the most recent {@code maxKeys} of each (many keys, bounded LRU).
 */
public final class MemoryCostLedger implements CostLedger {

    private final CostTally total = new CostTally();
    private final Map<String, CostTally> byAgent = new ConcurrentHashMap<>();
    private final Map<String, CostTally> byModel = new ConcurrentHashMap<>();
    private final Map<String, CostTally> byRun;
    private final Map<String, CostTally> bySession;

    public MemoryCostLedger() { this(10_000); }

    public MemoryCostLedger(int maxKeys) {
        this.byRun = lru(maxKeys);
        this.bySession = lru(maxKeys);
    }

    @Override
    public void book(Entry e) {
        total.add(e.usage(), e.cost());
        if (e.model() != null) byModel.computeIfAbsent(e.model(), k -> new CostTally()).add(e.usage(), e.cost());
        if (e.agent() != null) byAgent.computeIfAbsent(e.agent(), k -> new CostTally()).add(e.usage(), e.cost());
        if (e.runId() != null) byRun.computeIfAbsent(e.runId(), k -> new CostTally()).add(e.usage(), e.cost());
        if (e.sessionId() != null) bySession.computeIfAbsent(e.sessionId(), k -> new CostTally()).add(e.usage(), e.cost());
    }

    @Override public CostTotals total() { return total.snapshot(); }

    @Override public CostTotals run(String runId) { return get(byRun, runId); }

    @Override public CostTotals session(String sessionId) { return get(bySession, sessionId); }

    @Override public CostTotals agent(String agent) { return get(byAgent, agent); }

    @Override public CostTotals model(String model) { return get(byModel, model); }

    @Override public Map<String, CostTotals> byAgent() { return snapshot(byAgent); }

    @Override public Map<String, CostTotals> byModel() { return snapshot(byModel); }

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
