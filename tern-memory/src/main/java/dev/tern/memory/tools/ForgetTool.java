package dev.tern.memory.tools;

import dev.tern.memory.LongTermMemory;
import dev.tern.model.ToolSpec;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code forget{id}}: deletes a fact (and its older versions) from long-term memory, recall and
 * MEMORY.md. Destructive, so it needs approval except in bypassPermissions mode.
 */
public final class ForgetTool implements Tool {

    public static final String NAME = "forget";
    private static final ToolSpec SPEC = new ToolSpec(NAME,
            "Delete a fact from long-term memory by its id (shown as 'fact #id' in recalled memory), e.g. when the user asks "
                    + "to forget it or it is wrong.",
            "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\",\"description\":\"the fact id\"}},\"required\":[\"id\"]}");

    private final Supplier<LongTermMemory> memory;

    public ForgetTool(Supplier<LongTermMemory> memory) { this.memory = memory; }

    @Override
    public ToolSpec spec() { return SPEC; }

    @Override
    public ToolTraits traits() { return RememberTool.TRAITS; }

    @Override
    public ToolResult execute(ToolCallContext call) {
        long id = call.arguments().longValue("id", -1);
        if (id <= 0) return ToolResult.error("forget needs the 'id' of a fact (a positive integer)");
        List<Long> gone = memory.get().forget(List.of(id));
        if (gone.isEmpty()) return ToolResult.error("there is no fact #" + id);
        return ToolResult.ok("Forgot fact #" + id + (gone.size() > 1 ? " and " + (gone.size() - 1) + " older version(s) of it" : "") + ".");
    }
}
