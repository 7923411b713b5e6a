package dev.tern.cli;

import dev.tern.memory.responses.ResponseCacheStats;
import dev.tern.memory.tracker.PerfExport;
import dev.tern.memory.tracker.PerfSummary;
import dev.tern.memory.tracker.PerfTracker;
import dev.tern.metrics.Metrics;
import dev.tern.runtime.WorkspaceRuntime;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders {@code /perf} and {@code /cache} (and {@code tern run --stats}) from the runtime's real
 * counters. Zeros are shown as zeros with a friendly line, never a blank panel (seed 004 #6).
 */
public final class PerfReport {

    private PerfReport() { }

    public static String perf(Metrics.Snapshot s, double costUsd, double savedUsd) { return perf(s, costUsd, savedUsd, null); }

    /**
     * @param unpriced models whose cost could not be counted (the cost line says so instead of a bare $0), or null
     */
    public static String perf(Metrics.Snapshot s, double costUsd, double savedUsd, java.util.List<String> unpriced) {
        StringBuilder b = new StringBuilder("Performance\n");
        long calls = s.counter("model.calls");
        Metrics.Timer.Snapshot mt = s.timer("model.time");
        Metrics.Timer.Snapshot ttft = s.timer("model.ttft");
        if (calls == 0 && s.counter("tool.calls") == 0) {
            b.append("  No model or tool activity yet: counters start at your first message.\n");
        }
        b.append(String.format("  model calls        %d (errors %d, retries %d)%n", calls, s.counter("model.errors"), s.counter("model.retries")));
        b.append(String.format("  model time         total %.2fs, mean %.0f ms, max %.0f ms%s%n", mt.totalMillis() / 1000, mt.meanMillis(), mt.maxMillis(),
                ttft.count() == 0 ? "" : String.format(", first token mean %.0f ms", ttft.meanMillis())));
        long in = s.counter("model.tokens.input"), out = s.counter("model.tokens.output");
        long cr = s.counter("model.tokens.cache_read"), cw = s.counter("model.tokens.cache_write");
        long allIn = in + cr + cw;
        b.append(String.format("  tokens             %d in (%d cache read = %s, %d cache write), %d out%n", allIn, cr, pct(cr, allIn), cw, out));
        b.append(String.format("  cost               $%.4f%s%s%n", costUsd, savedUsd > 0 ? String.format(" (prompt caching saved $%.4f)", savedUsd) : "",
                unpriced == null || unpriced.isEmpty() ? "" : " + unknown: no price for " + String.join(", ", unpriced)));
        Metrics.Timer.Snapshot te = s.timer("tool.exec");
        b.append(String.format("  tool calls         %d (errors %d, timeouts %d), executed %d in %.2fs%n", s.counter("tool.calls"),
                s.counter("tool.errors"), s.counter("tool.timeouts"), te.count(), te.totalMillis() / 1000));
        Map<String, Long> perTool = new TreeMap<>();
        s.counters().forEach((k, v) -> {
            if (k.startsWith("tool.calls.")) perTool.put(k.substring("tool.calls.".length()), v);
        });
        int width = 24;
        for (String tool : perTool.keySet()) width = Math.max(width, tool.length());
        String row = "    %-" + width + "s %11s, %4d executed, mean %.0f ms, max %.0f ms%n";
        perTool.forEach((tool, n) -> {
            Metrics.Timer.Snapshot t = s.timer("tool.exec." + tool);
            b.append(String.format(row, tool, Stats.plural(n, "call"), t.count(), t.meanMillis(), t.maxMillis()));
        });
        Metrics.Timer.Snapshot pt = s.timer("permission.time");
        b.append(String.format("  permission checks  %d (asked %d, denied %d), %.2f ms spent%n", s.counter("permission.checks"),
                s.counter("permission.prompts"), s.counter("permission.denied"), pt.totalMillis()));
        b.append(cacheLines(s));
        return b.toString();
    }

    public static String cache(Metrics.Snapshot s) {
        return "Tool cache\n" + cacheLines(s);
    }

    /** {@code /perf} of a workspace: the counters, the response cache, and per-agent / per-model numbers from the tracker. */
    public static String perf(WorkspaceRuntime tern) {
        Metrics.Snapshot s = tern.metrics().snapshot();
        return perf(s, tern.costs().total().costUsd(), tern.costs().total().netCacheSavingsUsd(),
                tern.costs().total().unpricedCalls() == 0 ? null : tern.unpricedModels()) + responseLines(tern, s)
                + trackerLines(tern);
    }

    /** {@code /cache} of a workspace: the tool cache, the prompt cache and the response cache. */
    public static String cache(WorkspaceRuntime tern) {
        Metrics.Snapshot s = tern.metrics().snapshot();
        return cache(s) + responseLines(tern, s);
    }

    static String responseLines(WorkspaceRuntime tern, Metrics.Snapshot s) {
        ResponseCacheStats r = tern.responseCache().snapshot();
        StringBuilder b = new StringBuilder(r.summary());
        Metrics.Timer.Snapshot lookup = s.timer("cache.response.lookup");
        if (lookup.count() > 0) {
            b.append(String.format("  response lookup    mean %.3f ms, max %.3f ms over %d hit%s%n", lookup.meanMillis(),
                    lookup.maxMillis(), lookup.count(), lookup.count() == 1 ? "" : "s"));
        }
        if (!tern.responseCache().policy().enabled()) {
            b.append("  (responseCache.enabled is false: only agents with cache: true use it)\n");
        }
        return b.toString();
    }

    private static String trackerLines(WorkspaceRuntime tern) {
        PerfTracker t = tern.tracker();
        PerfSummary summary = new PerfSummary();
        t.recentCalls().forEach(summary::add);
        t.recentRuns().forEach(summary::add);
        StringBuilder b = new StringBuilder("Per agent and model (the tracker's last records; tern perf for any period)\n");
        b.append(PerfExport.text(summary));
        if (t.writeErrors() > 0) b.append("  tracker: ").append(t.writeErrors()).append(" record(s) not written, last: ").append(t.lastWriteError()).append('\n');
        return b.toString();
    }

    private static String cacheLines(Metrics.Snapshot s) {
        long hit = s.counter("cache.tool.hit"), miss = s.counter("cache.tool.miss"), co = s.counter("cache.tool.coalesced");
        long lookups = hit + miss + co;
        StringBuilder b = new StringBuilder();
        if (lookups == 0) b.append("  No cacheable tool calls yet: read-only tools are cached for the whole session.\n");
        b.append(String.format("  tool cache         %d lookups: %d hits, %d coalesced, %d misses (hit rate %s)%n", lookups, hit, co, miss, pct(hit + co, lookups)));
        b.append(String.format("  cache size         %s, %d evicted, time saved %.2fs%n", bytes(s.counter("cache.tool.bytes")),
                s.counter("cache.tool.evicted"), s.counter("cache.tool.saved_ms") / 1000.0));
        long cr = s.counter("model.tokens.cache_read");
        long allIn = s.counter("model.tokens.input") + cr + s.counter("model.tokens.cache_write");
        b.append(String.format("  prompt cache       %d of %d input tokens read from the provider's cache (%s)%n", cr, allIn, pct(cr, allIn)));
        return b.toString();
    }

    static String pct(long part, long whole) {
        return whole == 0 ? "0%" : String.format("%.1f%%", 100.0 * part / whole);
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format("%.1f KiB", n / 1024.0);
        return String.format("%.1f MiB", n / 1024.0 / 1024.0);
    }
}
