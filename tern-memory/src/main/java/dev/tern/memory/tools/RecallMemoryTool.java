package dev.tern.memory.tools;

import dev.tern.memory.LongTermMemory;
import dev.tern.memory.recall.RecallItem;
import dev.tern.model.ToolSpec;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** {@code recall_memory{query, limit?}}: searches long-term memory on demand (read-only). */
public final class RecallMemoryTool implements Tool {

    public static final String NAME = "recall_memory";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final ToolSpec SPEC = new ToolSpec(NAME,
            "Search long-term memory (facts about the user and the world, past conversations, known relations) for what "
                    + "matters to a question. Relevant memory is already added to messages; use this to look further.",
            "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\",\"description\":\"what to look for\"},"
                    + "\"limit\":{\"type\":\"integer\",\"description\":\"results at most (default 8)\"}},\"required\":[\"query\"]}");

    private final Supplier<LongTermMemory> memory;

    public RecallMemoryTool(Supplier<LongTermMemory> memory) { this.memory = memory; }

    @Override
    public ToolSpec spec() { return SPEC; }

    @Override
    public ToolTraits traits() { return ToolTraits.READ_ONLY; }

    @Override
    public ToolResult execute(ToolCallContext call) {
        String query = call.string("query");
        if (query == null || query.isBlank()) return ToolResult.error("recall_memory needs a 'query'");
        int limit = Math.max(1, Math.min(50, call.integer("limit", 8)));
        List<RecallItem> items = memory.get().search(query, limit);
        if (items.isEmpty()) return ToolResult.ok("Nothing in memory matches '" + query.strip() + "'.");
        StringBuilder b = new StringBuilder();
        for (RecallItem i : items) {
            b.append(switch (i.kind()) {
                case FACT -> "fact #" + i.id();
                case EPISODE -> "conversation " + DAY.format(i.time());
                case RELATION -> "relation";
            }).append(String.format(Locale.ROOT, " (score %.2f): ", i.score())).append(i.text().replaceAll("\\s+", " ")).append('\n');
        }
        return ToolResult.ok(b.toString().stripTrailing());
    }
}
