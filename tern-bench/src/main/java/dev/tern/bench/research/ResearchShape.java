package dev.tern.bench.research;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The timings of the research flow (seed 004's shape scaled down: three analysts, four market lookups
 * each, a report of five sections of different lengths).
 *
 * @param toolMs          latency of each market lookup (the MCP server)
 * @param analystTtftMs   time to first token of an analyst's model calls
 * @param analystTokenMs  time per output token of an analyst
 * @param analystWords    words of an analyst's answer
 * @param writerTtftMs    time to first token of a report call
 * @param writerTokenMs   time per output token of a report call
 * @param sectionWords    words of each section, in report order
 * @param concurrency     report sections generated at once
 */
public record ResearchShape(long toolMs, long analystTtftMs, long analystTokenMs, int analystWords, long writerTtftMs,
                            long writerTokenMs, Map<String, Integer> sectionWords, int concurrency) {

    public ResearchShape {
        sectionWords = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sectionWords));
    }

    /** Sections of a research report: the summary and verdict are short, the analyses longer. */
    static Map<String, Integer> sections(int scale) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("Executive Summary", 40 * scale);
        m.put("Fundamentals", 140 * scale);
        m.put("News", 120 * scale);
        m.put("Risks", 120 * scale);
        m.put("Verdict", 40 * scale);
        return m;
    }

    /** SPEC's workflow scenario: 3 agents x 4 tools of 1 s, 5 sections; model calls of about 2 s. */
    public static final ResearchShape BENCH = new ResearchShape(1000, 2000, 10, 80, 1000, 10, sections(1), 4);

    /** The demo: the same flow at a fifth of the latencies, so it runs in a few seconds. */
    public static final ResearchShape DEMO = new ResearchShape(200, 250, 1, 60, 200, 2, sections(1), 4);

    public List<String> titles() { return List.copyOf(sectionWords.keySet()); }
}
