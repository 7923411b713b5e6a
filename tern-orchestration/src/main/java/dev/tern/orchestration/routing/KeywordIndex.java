package dev.tern.orchestration.routing;

import dev.tern.orchestration.agents.AgentDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keyword routing as an inverted index: each agent's keywords (and the words of its name, at half
 * weight) are terms pointing at the agents that declare them. A task is tokenized once
 * ({@link Terms#of}) and each of its terms looks up its postings, so routing costs O(task terms + hits),
 * not a substring search per keyword per agent (claude-force's O(k·m·n), seed 003 6.4). Immutable.
 */
public final class KeywordIndex {

    static final double NAME_WEIGHT = 0.5;

    private record Posting(int agent, double weight) { }

    /** The keyword ranking of one task. */
    public record Result(List<Route.Ranked> ranked, double top, double second, double confidence) {
        /** Keywords settle it: a clear winner. */
        public boolean decisive() { return top >= 1 && confidence >= 0.6; }

        public boolean matched() { return top > 0; }
    }

    private final List<AgentDefinition> agents;
    private final Map<String, List<Posting>> postings = new HashMap<>();

    /** @param agents in catalog order (priority, then name): ties keep that order */
    public KeywordIndex(List<AgentDefinition> agents) {
        this.agents = List.copyOf(agents);
        for (int i = 0; i < this.agents.size(); i++) {
            AgentDefinition d = this.agents.get(i);
            Map<String, Double> terms = new HashMap<>();
            for (String w : Terms.words(d.name().replace('-', ' ').replace('_', ' '))) terms.merge(w, NAME_WEIGHT, Math::max);
            for (String k : d.keywords()) {
                String t = Terms.term(k);
                if (t.isEmpty()) continue;
                int words = t.split(" ").length;
                terms.merge(t, 1.0 + 0.5 * (words - 1), Math::max);
            }
            int agent = i;
            terms.forEach((t, w) -> postings.computeIfAbsent(t, x -> new ArrayList<>()).add(new Posting(agent, w)));
        }
    }

    public int terms() { return postings.size(); }

    /** Scores every agent against the task's terms; returns the best {@code k} with a score. */
    public Result rank(Set<String> taskTerms, int k) {
        double[] score = new double[agents.size()];
        int[] touched = new int[agents.size()];
        int nTouched = 0;
        for (String t : taskTerms) {
            List<Posting> ps = postings.get(t);
            if (ps == null) continue;
            for (Posting p : ps) {
                if (score[p.agent()] == 0) touched[nTouched++] = p.agent();
                score[p.agent()] += p.weight();
            }
        }
        int[] best = new int[Math.min(k, nTouched)];
        int filled = 0;
        for (int j = 0; j < nTouched; j++) {
            int a = touched[j];
            int pos = filled;
            while (pos > 0 && better(a, best[pos - 1], score)) pos--;
            if (pos >= best.length) continue;
            System.arraycopy(best, pos, best, pos + 1, Math.min(filled, best.length - 1) - pos);
            best[pos] = a;
            if (filled < best.length) filled++;
        }
        List<Route.Ranked> ranked = new ArrayList<>(filled);
        for (int j = 0; j < filled; j++) ranked.add(new Route.Ranked(agents.get(best[j]).name(), score[best[j]]));
        double top = filled > 0 ? score[best[0]] : 0;
        double second = secondBest(touched, nTouched, score, filled > 0 ? best[0] : -1);
        double confidence = top <= 0 ? 0 : top / (top + second + 0.5);
        return new Result(ranked, top, second, confidence);
    }

    private static boolean better(int a, int b, double[] score) {
        return score[a] > score[b] || score[a] == score[b] && a < b;
    }

    private static double secondBest(int[] touched, int n, double[] score, int top) {
        double s = 0;
        for (int j = 0; j < n; j++) if (touched[j] != top) s = Math.max(s, score[touched[j]]);
        return s;
    }
}
