package dev.tern.memory.runs;

import dev.tern.memory.recall.BoundedBlock;
import dev.tern.memory.store.ScoredId;
import dev.tern.memory.vector.Embeddings;
import dev.tern.tokens.TokenCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Agent memory (issue 12): every finished run is stored; before an agent runs, its most similar past
 * tasks (same task, bm25 over tasks, and task embeddings when the local model is available) are
 * recalled into a block bounded in tokens (not characters) for the volatile part of the prompt.
 */
public final class AgentMemory {

    /** How much the block may hold and how similar a past task must be. */
    public record Options(int tokenBudget, int maxRuns, double threshold, double keywordOnlyThreshold, int summaryTokens) {
        public static final Options DEFAULT = new Options(400, 3, 0.6, 0.45, 120);
    }

    /** A past run and how similar its task is to the new one. */
    public record Similar(RunRecord run, double score, double vector, double keyword, boolean sameTask) { }

    static final int CANDIDATES = 12;
    static final double BM25_HALF = 4.0;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final RunStore runs;
    private final Embeddings embeddings;
    private final TokenCounter tokens;
    private final Clock clock;
    private final Options options;

    public AgentMemory(RunStore runs, Embeddings embeddings, TokenCounter tokens, Clock clock, Options options) {
        this.runs = runs;
        this.embeddings = embeddings;
        this.tokens = tokens;
        this.clock = clock;
        this.options = options;
    }

    public RunStore runs() { return runs; }

    public Options options() { return options; }

    /**
     * Stores a finished run. Its task is embedded when the model is warm (usually free: recall embedded
     * the same text before the run); otherwise it is stored without a vector, found by keywords, and
     * embedded later by the backfill of a process whose model is warm. A one-shot run never waits for
     * a model to load just to be recorded.
     */
    public RunRecord record(RunDraft draft) {
        RunDraft d = draft.vector() == null && embeddings.ready() && embeddings.enabled()
                ? draft.withVector(embeddings.embedOrNull(draft.task())) : draft;
        return runs.add(d);
    }

    /** Stores finished runs in one transaction, each task embedded when the model is warm (as {@link #record}). */
    public List<RunRecord> recordAll(List<RunDraft> drafts) {
        boolean embed = embeddings.ready() && embeddings.enabled();
        List<RunDraft> ds = new ArrayList<>(drafts.size());
        for (RunDraft d : drafts) ds.add(d.vector() == null && embed ? d.withVector(embeddings.embedOrNull(d.task())) : d);
        return runs.addAll(ds);
    }

    /** The leading part of an answer, cut to {@code summaryTokens} tokens at a word boundary. */
    public String summarise(String answer) {
        String text = answer == null ? "" : answer.strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) return "";
        if (text.length() <= options.summaryTokens() && text.chars().allMatch(ch -> ch < 0x80)) return text;   // bytes bound tokens
        BoundedBlock b = new BoundedBlock("", options.summaryTokens() + 2, tokens);
        return b.add(text, options.summaryTokens()) ? b.toString().strip() : "";
    }

    /**
     * This agent's past runs most similar to {@code task}, best first, no threshold.
     *
     * @param waitForModel embed the task even if the model must load first
     */
    public List<Similar> similar(String agent, String task, int k, boolean waitForModel) {
        boolean vectors = embeddings.enabled() && (waitForModel || embeddings.ready());
        float[] q = vectors ? embeddings.embedOrNull(task) : null;
        Map<Long, Double> cos = new HashMap<>();
        if (q != null) for (ScoredId s : runs.similar(agent, q, CANDIDATES)) cos.put(s.id(), s.score());
        Map<Long, Double> bm = new HashMap<>();
        for (ScoredId s : runs.keyword(agent, task, CANDIDATES)) bm.put(s.id(), s.score());
        Set<Long> same = new LinkedHashSet<>();
        for (RunRecord r : runs.sameTask(agent, task, 3)) same.add(r.id());
        Set<Long> ids = new LinkedHashSet<>(same);
        ids.addAll(cos.keySet());
        ids.addAll(bm.keySet());
        List<Similar> out = new ArrayList<>();
        Set<String> terms = q == null ? Set.copyOf(dev.tern.memory.text.FtsQuery.terms(task, "")) : Set.of();
        for (RunRecord r : runs.get(ids)) {
            double v = cos.getOrDefault(r.id(), 0.0);
            double kw = bm.getOrDefault(r.id(), 0.0);
            kw = kw <= 0 ? 0 : kw / (kw + BM25_HALF);
            // without vectors, also how much of the new task the old one covers (bm25 fades in a small memory)
            if (q == null && bm.containsKey(r.id())) kw = Math.max(kw, dev.tern.memory.text.FtsQuery.coverage(terms, r.task()));
            boolean identical = same.contains(r.id());
            double score = identical ? 1.0 : q != null ? v + 0.2 * kw : 0.9 * kw;
            out.add(new Similar(r, score, v, kw, identical));
        }
        // highest score first, then the latest; a plain lambda, as in Recall (the AOT cache holds no serializable one)
        out.sort((a, b) -> {
            int c = Double.compare(b.score(), a.score());
            return c != 0 ? c : b.run().finishedAt().compareTo(a.run().finishedAt());
        });
        return out.size() <= k ? out : List.copyOf(out.subList(0, k));
    }

    /** The block of similar past tasks for the prompt ("" when none is similar enough). */
    public String contextBlock(String agent, String task, boolean waitForModel) {
        boolean vectors = embeddings.enabled() && (waitForModel || embeddings.ready());
        double threshold = vectors ? options.threshold() : options.keywordOnlyThreshold();
        List<Similar> found = similar(agent, task, options.maxRuns(), waitForModel);
        BoundedBlock b = new BoundedBlock("[Similar past tasks of agent " + agent + ", most similar first: reuse what worked,"
                + " avoid what failed]", options.tokenBudget(), tokens);
        int shown = 0;
        for (Similar s : found) {
            if (s.score() < threshold) continue;
            if (b.add(line(s.run()), Math.max(40, options.tokenBudget() / Math.max(1, options.maxRuns())))) shown++;
        }
        return shown == 0 ? "" : b.toString();
    }

    /** The block for exactly this task when it was run before (no embedding needed), or "". */
    public String sameTaskBlockOrEmpty(String agent, String task) {
        List<RunRecord> same = runs.sameTask(agent, task, options.maxRuns());
        if (same.isEmpty()) return "";
        BoundedBlock b = new BoundedBlock("[This task was run before by agent " + agent + "]", options.tokenBudget(), tokens);
        for (RunRecord r : same) b.add(line(r), Math.max(40, options.tokenBudget() / Math.max(1, options.maxRuns())));
        return b.toString();
    }

    static String line(RunRecord r) {
        String how = r.success() ? "succeeded" : "did not succeed (" + r.outcome().toLowerCase(java.util.Locale.ROOT) + ")";
        String took = r.duration().compareTo(Duration.ofSeconds(1)) < 0 ? r.duration().toMillis() + " ms"
                : String.format(java.util.Locale.ROOT, "%.1f s", r.duration().toMillis() / 1000.0);
        String result = r.summary().isBlank() ? "" : " Result: " + r.summary();
        return "- " + DAY.format(r.finishedAt()) + ", " + how + " in " + took + ". Task: " + r.task().replaceAll("\\s+", " ") + result;
    }

    public int pruneOlderThan(Duration age) {
        return runs.pruneOlderThan(clock.instant().minus(age));
    }

    public int pruneKeepingNewest(int keep) {
        return runs.pruneKeepingNewest(keep);
    }
}
