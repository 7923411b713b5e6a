package dev.tern.orchestration.agents;

import dev.tern.orchestration.files.DefinitionFiles;
import dev.tern.orchestration.files.ParsedIndex;
import dev.tern.orchestration.files.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent definitions of a workspace: {@code agents/*.md} and Claude Code's {@code .claude/agents/*.md}
 * (when both define a name, {@code agents/} wins and the other is reported). Each file is parsed once and
 * again only when its modification time or size changes; a broken file is reported with its path and
 * line and the others still load; a Claude Code tool name with no Tern equivalent is reported once per
 * file version, never fatal. Thread-safe.
 */
public final class AgentRegistry {

    private final DefinitionFiles<AgentDefinition> files;
    private volatile AgentCatalog current;

    /**
     * The agents of {@code workspace}; parsed definitions are kept in {@code .tern/cache/agents.json} between
     * processes (only files whose modification time or size changed are parsed again).
     */
    public AgentRegistry(Path workspace) {
        this(List.of(workspace.resolve("agents"), workspace.resolve(".claude").resolve("agents")),
                workspace.resolve(".tern").resolve("cache").resolve("agents.json"));
    }

    /**
     * @param folders the first is Tern's own ({@link AgentDefinition.Source#WORKSPACE}), the others Claude Code's
     * @param index   the file parsed definitions are kept in between processes, or null for none
     */
    public AgentRegistry(List<Path> folders, Path index) {
        this.files = new DefinitionFiles<>(folders, (file, text, folder) ->
                AgentParser.parse(file, text, folder == 0 ? AgentDefinition.Source.WORKSPACE : AgentDefinition.Source.CLAUDE),
                index == null ? null : new ParsedIndex<>(index, new AgentCodec()));
    }

    /** The folders read, in precedence order. */
    public List<Path> folders() { return files.folders(); }

    /** Files parsed since creation (each file once per change). */
    public long parsedFiles() { return files.parsedTotal(); }

    /** Re-checks the folders (one stat per file; only new or changed files are parsed) and returns the agents. */
    public AgentCatalog catalog() {
        synchronized (files) {
            DefinitionFiles.Scan<AgentDefinition> scan = files.scan();
            AgentCatalog c = current;
            if (c != null && !scan.changed()) return c;
            c = build(scan, c == null ? 1 : c.version() + 1);
            current = c;
            return c;
        }
    }

    private static AgentCatalog build(DefinitionFiles.Scan<AgentDefinition> scan, long version) {
        List<Problem> problems = new ArrayList<>(scan.problems());
        Map<String, AgentDefinition> byName = new HashMap<>();
        for (AgentDefinition d : scan.values().values()) {
            AgentDefinition before = byName.putIfAbsent(d.name(), d);
            if (before != null) {
                problems.add(new Problem(d.file(), 0, "agent '" + d.name() + "' is also defined in " + before.file()
                        + ", which wins", false));
                continue;
            }
            List<String> unknown = ToolAccess.of(d.tools()).unknown();
            if (!unknown.isEmpty()) {
                problems.add(new Problem(d.file(), 0, "tools with no Tern equivalent, not given to '" + d.name() + "': "
                        + String.join(", ", unknown), false));
            }
        }
        List<AgentDefinition> sorted = new ArrayList<>(byName.values());
        sorted.sort(AgentCatalog.ORDER);
        return new AgentCatalog(sorted, byName, problems, version);
    }
}
