package dev.tern.memory.tracker;

import dev.tern.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link PerfSummary}: a table for people, CSV and JSON for tools. */
public final class PerfExport {

    /** The CSV header; one row per agent, then one per model, then the total. */
    public static final String CSV_HEADER = "group,name,calls,failed,call_success_rate,runs,runs_completed,run_success_rate,"
            + "p50_ms,p95_ms,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,prompt_cache_rate,"
            + "response_cache_hits,response_cache_hit_rate,batch_calls,cost_usd,saved_usd";

    private PerfExport() { }

    public static String csv(PerfSummary s) {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (PerfSummary.Row r : all(s)) {
            b.append(r.group()).append(',').append(csvField(r.name())).append(',').append(r.calls()).append(',')
                    .append(r.failed()).append(',').append(ratio(r.callSuccessRate())).append(',').append(r.runs()).append(',')
                    .append(r.runsCompleted()).append(',').append(ratio(r.runSuccessRate())).append(',')
                    .append(ms(r.p50Ms())).append(',').append(ms(r.p95Ms())).append(',').append(r.inputTokens()).append(',')
                    .append(r.outputTokens()).append(',').append(r.cacheReadTokens()).append(',').append(r.cacheWriteTokens())
                    .append(',').append(ratio(r.promptCacheRate())).append(',').append(r.cacheHits()).append(',')
                    .append(ratio(r.cacheHitRate())).append(',').append(r.batchCalls()).append(',').append(usd(r.costUsd()))
                    .append(',').append(usd(r.savedUsd())).append('\n');
        }
        return b.toString();
    }

    public static String json(PerfSummary s, Map<String, Object> header) {
        Map<String, Object> root = new LinkedHashMap<>(header);
        root.put("total", map(s.total()));
        root.put("agents", s.byAgent().stream().map(PerfExport::map).toList());
        root.put("models", s.byModel().stream().map(PerfExport::map).toList());
        return Json.write(root);
    }

    public static String text(PerfSummary s) {
        StringBuilder b = new StringBuilder();
        PerfSummary.Row t = s.total();
        if (t.calls() == 0 && t.runs() == 0) return "  No model calls or runs recorded in this period.\n";
        b.append(String.format(Locale.ROOT, "  %-7s %-26s %6s %6s %8s %9s %9s %11s %11s %10s %9s %10s%n", "", "name", "calls",
                "runs", "success", "p50", "p95", "tokens in", "tokens out", "cache hit", "prompt$", "cost"));
        for (PerfSummary.Row r : all(s)) {
            b.append(String.format(Locale.ROOT, "  %-7s %-26s %6d %6d %8s %9s %9s %11d %11d %10s %9s %10s%n", r.group(),
                    abbreviate(r.name(), 26), r.calls(), r.runs(), pct(r.runs() > 0 ? r.runSuccessRate() : r.callSuccessRate()),
                    String.format(Locale.ROOT, "%.0f ms", r.p50Ms()), String.format(Locale.ROOT, "%.0f ms", r.p95Ms()),
                    r.inputTokens() + r.cacheReadTokens() + r.cacheWriteTokens(), r.outputTokens(), pct(r.cacheHitRate()),
                    pct(r.promptCacheRate()), String.format(Locale.ROOT, "$%.4f", r.costUsd())));
        }
        if (t.savedUsd() > 0 || t.cacheHits() > 0) {
            b.append(String.format(Locale.ROOT, "  the response cache answered %d call(s) and saved $%.4f%n", t.cacheHits(), t.savedUsd()));
        }
        return b.toString();
    }

    private static List<PerfSummary.Row> all(PerfSummary s) {
        List<PerfSummary.Row> rows = new ArrayList<>(s.byAgent());
        rows.addAll(s.byModel());
        rows.add(s.total());
        return rows;
    }

    private static Map<String, Object> map(PerfSummary.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("calls", r.calls());
        m.put("failed", r.failed());
        m.put("callSuccessRate", r.callSuccessRate());
        m.put("runs", r.runs());
        m.put("runsCompleted", r.runsCompleted());
        m.put("runSuccessRate", r.runSuccessRate());
        m.put("p50Ms", r.p50Ms());
        m.put("p95Ms", r.p95Ms());
        m.put("inputTokens", r.inputTokens());
        m.put("outputTokens", r.outputTokens());
        m.put("cacheReadTokens", r.cacheReadTokens());
        m.put("cacheWriteTokens", r.cacheWriteTokens());
        m.put("promptCacheRate", r.promptCacheRate());
        m.put("responseCacheHits", r.cacheHits());
        m.put("responseCacheHitRate", r.cacheHitRate());
        m.put("batchCalls", r.batchCalls());
        m.put("costUsd", r.costUsd());
        m.put("savedUsd", r.savedUsd());
        return m;
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static String ratio(double d) { return String.format(Locale.ROOT, "%.4f", d); }

    private static String ms(double d) { return String.format(Locale.ROOT, "%.1f", d); }

    private static String usd(double d) { return String.format(Locale.ROOT, "%.6f", d); }

    private static String pct(double d) { return String.format(Locale.ROOT, "%.0f%%", d * 100); }

    private static String abbreviate(String s, int n) { return s.length() <= n ? s : s.substring(0, n - 1) + "…"; }
}
