package dev.tern.memory.tools;

import dev.tern.memory.LongTermMemory;
import dev.tern.memory.facts.FactDraft;
import dev.tern.memory.facts.FactWrite;
import dev.tern.model.ToolSpec;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code remember{fact, subject?, attribute?, replaces?}}: stores a fact in long-term memory. It
 * changes memory, so the permission modes apply (denied in plan mode).
 */
public final class RememberTool implements Tool {

    public static final String NAME = "remember";
    static final ToolTraits TRAITS = ToolTraits.DEFAULT.withResource(args -> "memory:facts");
    private static final ToolSpec SPEC = new ToolSpec(NAME,
            "Store a durable fact in long-term memory (about the user or the world), as one self-contained sentence. "
                    + "Give a subject and attribute when the fact may later change (a newer fact with the same pair replaces it), "
                    + "or 'replaces' with the id of a fact it corrects.",
            "{\"type\":\"object\",\"properties\":{\"fact\":{\"type\":\"string\",\"description\":\"the fact, one sentence\"},"
                    + "\"subject\":{\"type\":\"string\",\"description\":\"who or what it is about ('user' for the user)\"},"
                    + "\"attribute\":{\"type\":\"string\",\"description\":\"which property of the subject (city, employer, diet ...)\"},"
                    + "\"replaces\":{\"type\":\"integer\",\"description\":\"id of the fact this one corrects\"}},\"required\":[\"fact\"]}");

    private final Supplier<LongTermMemory> memory;
    private final Clock clock;

    public RememberTool(Supplier<LongTermMemory> memory, Clock clock) {
        this.memory = memory;
        this.clock = clock;
    }

    @Override
    public ToolSpec spec() { return SPEC; }

    @Override
    public ToolTraits traits() { return TRAITS; }

    @Override
    public ToolResult execute(ToolCallContext call) {
        String fact = call.string("fact");
        if (fact == null || fact.isBlank()) return ToolResult.error("remember needs a 'fact'");
        long replaces = call.arguments().longValue("replaces", -1);
        String source = "tool:remember:" + call.run().agent();
        FactWrite w = memory.get().remember(List.of(new FactDraft(fact, call.string("subject"), call.string("attribute"), 1.0,
                source, null, clock.instant(), null, replaces > 0 ? replaces : null))).getFirst();
        return ToolResult.ok(switch (w.kind()) {
            case ADDED -> "Remembered as fact #" + w.fact().id() + ".";
            case CONFIRMED -> "Already known as fact #" + w.fact().id() + "; marked as confirmed now.";
            case SUPERSEDED -> "Remembered as fact #" + w.fact().id() + "; it replaces fact #" + w.superseded() + " (kept as history).";
        });
    }
}
