package dev.tern.orchestration.tiers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A cheap, deterministic guess at how hard a task is (no model call): its length in tokens, its shape
 * (analysis, design or debugging words, several steps, code) and the tools it needs (writing files,
 * running commands). The cheapest tier whose band the score falls in is chosen: score ≤ 0 fast,
 * 1–2 balanced, ≥ 3 deep. The reason names every signal that counted.
 */
public final class ComplexityEstimator {

    private static final List<String> DEEP_WORDS = List.of("architect", "design", "prove", "proof", "analy", "refactor",
            "optimi", "trade-off", "tradeoff", "investigat", "debug", "root cause", "strateg", "security", "threat",
            "migrat", "concurren", "algorithm", "review", "evaluat", "compare");
    private static final List<String> SIMPLE_WORDS = List.of("summari", "list ", "rename", "format", "translate", "typo",
            "what is", "what's", "define ", "spell", "convert", "lookup", "look up", "hello");
    private static final Pattern STEPS = Pattern.compile("(?im)^\\s*(?:\\d+[.)]|[-*])\\s+|\\b(?:then|after that|finally|step \\d)\\b");
    private static final Set<String> ACTING_TOOLS = Set.of("write_file", "edit_file", "exec", "spawn");

    /** The estimate: a tier and the signals behind it. */
    public record Estimate(Tier tier, int score, String reason) { }

    /**
     * @param task  the user's task
     * @param tools the names of the tools the agent can use
     */
    public Estimate estimate(String task, Collection<String> tools) {
        int score = 0;
        List<String> why = new ArrayList<>();
        int tokens = (task.length() + 3) / 4;
        if (tokens > 1500) {
            score += 2;
            why.add("long task (~" + tokens + " tokens)");
        } else if (tokens > 300) {
            score += 1;
            why.add("medium task (~" + tokens + " tokens)");
        } else {
            why.add("~" + tokens + " tokens");
        }
        String t = task.toLowerCase(Locale.ROOT);
        int deep = 0;
        List<String> found = new ArrayList<>();
        for (String w : DEEP_WORDS) if (t.contains(w) && deep < 2) { deep++; found.add(w.strip()); }
        if (deep > 0) {
            score += deep;
            why.add("analysis/design words (" + String.join(", ", found) + ")");
        }
        long steps = STEPS.matcher(task).results().count();
        if (steps >= 2) {
            score += 1;
            why.add("several steps");
        }
        if (task.contains("```")) {
            score += 1;
            why.add("code in the task");
        }
        boolean simple = false;
        for (String w : SIMPLE_WORDS) if (t.contains(w)) { simple = true; break; }
        if (simple && deep == 0) {
            score -= 1;
            why.add("simple task shape");
        }
        long acting = tools.stream().filter(ACTING_TOOLS::contains).count();
        if (acting > 0 && (t.contains("file") || t.contains("run") || t.contains("test") || t.contains("fix") || t.contains("write"))) {
            score += 1;
            why.add("needs tools that act (" + String.join(", ", tools.stream().filter(ACTING_TOOLS::contains).sorted().toList()) + ")");
        }
        Tier tier = score <= 0 ? Tier.FAST : score <= 2 ? Tier.BALANCED : Tier.DEEP;
        return new Estimate(tier, score, String.join(", ", why));
    }
}
