package dev.tern.workspace.skills;

import dev.tern.model.ToolSpec;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.util.stream.Collectors;

/** {@code load_skill{name}}: returns a skill's instructions on demand (read-only). */
public final class LoadSkillTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("load_skill",
            "Load the full instructions of a skill listed in the Skills section, by name.",
            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"description\":\"the skill's name\"}},"
                    + "\"required\":[\"name\"]}");

    private final SkillsLoader skills;

    public LoadSkillTool(SkillsLoader skills) { this.skills = skills; }

    @Override
    public ToolSpec spec() { return SPEC; }

    @Override
    public ToolTraits traits() { return ToolTraits.READ_ONLY; }

    @Override
    public ToolResult execute(ToolCallContext call) {
        String name = call.string("name");
        if (name == null || name.isBlank()) return ToolResult.error("load_skill needs a 'name'");
        skills.refresh();
        return skills.find(name.strip())
                .map(s -> ToolResult.ok("# Skill: " + s.name() + (s.available() ? "" : "\n(unavailable: "
                        + String.join(", ", s.missing()) + ")") + "\n\n" + s.body()))
                .orElseGet(() -> ToolResult.error("no skill named '" + name + "'; available: "
                        + skills.skills().stream().map(Skill::name).collect(Collectors.joining(", "))));
    }
}
