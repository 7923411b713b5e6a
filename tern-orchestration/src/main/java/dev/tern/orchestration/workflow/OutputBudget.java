package dev.tern.orchestration.workflow;

import dev.tern.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fits the outputs passed to the next step into its token budget (claude-force passed every output
 * forward whole, so context grew with each step: seed 003 4.1 and "Workflow Output Passing"). Outputs
 * that fit their fair share are kept whole; the budget they leave is shared among the longer ones,
 * which are cut token-exactly (with a marker) or, with {@link Step.Passing#SUMMARIZE}, summarised by
 * the fast tier first.
 */
public final class OutputBudget {

    /** Summarises {@code text} in about {@code maxTokens} tokens (one cheap model call). */
    @FunctionalInterface
    public interface Summarizer {
        String summarize(String agent, String text, int maxTokens);
    }

    static final int MARKER_TOKENS = 16;

    private final TokenCounter counter;
    private final Summarizer summarizer;

    public OutputBudget(TokenCounter counter, Summarizer summarizer) {
        this.counter = counter;
        this.summarizer = summarizer;
    }

    /** The outputs fitted into {@code maxTokens} in total (unchanged when they already fit or there is no budget). */
    public List<Output> fit(List<Output> outputs, Integer maxTokens, Step.Passing passing) {
        if (maxTokens == null || outputs.isEmpty()) return outputs;
        int[] size = new int[outputs.size()];
        long total = 0;
        for (int i = 0; i < size.length; i++) total += size[i] = counter.count(outputs.get(i).text());
        if (total <= maxTokens) return outputs;
        int[] share = shares(size, maxTokens);
        List<Output> out = new ArrayList<>(outputs.size());
        for (int i = 0; i < size.length; i++) {
            Output o = outputs.get(i);
            if (size[i] <= share[i]) {
                out.add(o);
                continue;
            }
            String text = o.text();
            if (passing == Step.Passing.SUMMARIZE && summarizer != null && share[i] > MARKER_TOKENS) {
                text = summarizer.summarize(o.agent(), text, share[i] - MARKER_TOKENS);
                if (counter.count(text) <= share[i]) {
                    out.add(new Output(o.agent(), text));
                    continue;
                }
            }
            out.add(new Output(o.agent(), truncate(counter, text, share[i])));
        }
        return out;
    }

    /** Water-filling: each output gets what it needs up to an equal share of what is left. */
    static int[] shares(int[] size, int budget) {
        Integer[] order = new Integer[size.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Integer.compare(size[a], size[b]));
        int[] share = new int[size.length];
        int left = budget;
        for (int k = 0; k < order.length; k++) {
            int fair = left / (order.length - k);
            int i = order[k];
            share[i] = Math.min(size[i], fair);
            left -= share[i];
        }
        return share;
    }

    /** The longest prefix of {@code text} that, with a cut marker, has at most {@code maxTokens} tokens. */
    public static String truncate(TokenCounter counter, String text, int maxTokens) {
        int total = counter.count(text);
        if (total <= maxTokens) return text;
        String marker = "\n[… cut to fit the step's budget: about " + Math.max(0, maxTokens - MARKER_TOKENS) + " of " + total + " tokens kept]";
        int room = Math.max(0, maxTokens - counter.count(marker));
        int lo = 0, hi = text.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (counter.count(text.substring(0, mid)) <= room) lo = mid;
            else hi = mid - 1;
        }
        int cut = lo;
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) cut--;
        return text.substring(0, cut) + marker;
    }

    /** The outputs as the next step reads them. */
    public static String render(List<Output> outputs) {
        if (outputs.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("<previous_outputs>\n");
        for (Output o : outputs) sb.append("### ").append(o.agent()).append('\n').append(o.text().strip()).append("\n\n");
        return sb.append("</previous_outputs>").toString();
    }
}
