package dev.tern.memory.recall;

import dev.tern.tokens.TokenCounter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Renders ranked recall items as the block the model reads, within a token budget. */
public final class RecallBlock {

    /** The block's first line; also what marks it for removal before consolidation. */
    public static final String HEADER = "[Recalled memory: facts and past conversations that may be relevant to this message;"
            + " facts can be out of date]";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** What was rendered; {@code tokens} is exact, or the block's size in bytes when that already proved it within budget. */
    public record Rendered(String block, List<RecallItem> items, int tokens) { }

    private RecallBlock() { }

    /** The best items that fit, in rank order; an empty block when none do. */
    public static Rendered render(List<RecallItem> ranked, int budget, int maxItems, TokenCounter tokens) {
        if (ranked.isEmpty()) return new Rendered("", List.of(), 0);
        BoundedBlock b = new BoundedBlock(HEADER, budget, tokens);
        List<RecallItem> shown = new ArrayList<>();
        for (RecallItem i : ranked) {
            if (shown.size() == maxItems) break;
            // an episode (a paragraph) may take a third of the budget, a fact or relation a sixth
            int share = Math.max(24, i.kind() == RecallItem.Kind.EPISODE ? budget / 3 : budget / 6);
            if (b.add(line(i), share)) shown.add(i);
            if (b.remaining() < 12) break;
        }
        if (shown.isEmpty()) return new Rendered("", List.of(), 0);
        return new Rendered(b.toString(), List.copyOf(shown), b.tokensAtMost());
    }

    static String line(RecallItem i) {
        return switch (i.kind()) {
            case FACT -> "- " + i.text() + " (fact #" + i.id() + ", " + DAY.format(i.time()) + ")";
            case RELATION -> "- " + i.text() + " (knowledge graph)";
            case EPISODE -> "- Conversation, " + DAY.format(i.time()) + ": " + i.text().replaceAll("\\s+", " ");
        };
    }
}
