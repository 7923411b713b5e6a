package dev.tern.cli;

import dev.tern.agent.Agent;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolTraits;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** How the main agent is set up for this process: system prompt, tools offered, streaming. */
final class AgentOptions {

    @Option(names = "--system-prompt", paramLabel = "TEXT", description = "replace the workspace's system prompt (AGENTS.md, SOUL.md, ...) with TEXT")
    String systemPrompt;

    @Option(names = "--append-system-prompt", paramLabel = "TEXT", description = "add TEXT at the end of the system prompt")
    String appendSystemPrompt;

    @Option(names = "--allowed-tools", paramLabel = "TOOLS", split = ",", description = "only these tools (names, or prefixes ending in *: mcp_fs_*)")
    List<String> allowedTools = new ArrayList<>();

    @Option(names = "--disallowed-tools", paramLabel = "TOOLS", split = ",", description = "never these tools")
    List<String> disallowedTools = new ArrayList<>();

    @Option(names = "--list-tools", description = "list the tools the model would be offered, then exit")
    boolean listTools;

    ToolFilter filter() { return new ToolFilter(allowedTools, disallowedTools); }

    /**
     * The workspace's agent with these options applied (the same agent when none is set). A tool
     * filter also becomes a gate on the workspace's executor, so sub-agents obey it too.
     */
    Agent agent(WorkspaceRuntime tern, boolean noStream, PrintStream warnings) {
        ToolFilter filter = filter();
        if (systemPrompt == null && appendSystemPrompt == null && !filter.active() && !noStream) return tern.agent();
        Agent.Builder b = tern.agent().toBuilder();
        if (systemPrompt != null || appendSystemPrompt != null) {
            Supplier<String> base = systemPrompt != null ? () -> systemPrompt : tern.context().supplier();
            String extra = appendSystemPrompt;
            b.systemPrompt(extra == null ? base : () -> base.get() + "\n\n" + extra);
        }
        if (filter.active()) {
            for (String p : filter.unknown(tern.tools())) warnings.println("tern: warning: no tool matches '" + p + "' (--list-tools lists them)");
            b.tools(filter.view(tern.tools()));
            tern.executor().addGate(filter);
        }
        if (noStream) b.streaming(false);
        return b.build();
    }

    /** {@code --list-tools}: one line per tool offered, with its traits, in columns that fit long names. */
    static void list(Iterable<Tool> tools, ToolFilter filter, PrintStream out) {
        List<Tool> shown = new ArrayList<>();
        for (Tool t : tools) if (filter.permits(t.name())) shown.add(t);
        shown.sort(Comparator.comparing(Tool::name));
        out.print(toolTable(shown));
    }

    /** Name, traits and description in aligned columns; the name column is as wide as the longest name. */
    static String toolTable(List<Tool> tools) {
        int width = 4;
        for (Tool t : tools) width = Math.max(width, t.name().length());
        StringBuilder b = new StringBuilder();
        for (Tool t : tools) {
            ToolTraits tr = t.traits();
            String traits = (tr.readOnly() ? "read-only" : "writes") + (tr.cacheable() ? ", cached" : "")
                    + (tr.exclusive() ? ", exclusive" : "") + ", timeout " + tr.timeout().toSeconds() + " s";
            String d = t.spec().description() == null ? "" : t.spec().description().replace('\n', ' ');
            b.append(String.format("  %-" + width + "s  %-36s  %s%n", t.name(), traits, d.length() > 70 ? d.substring(0, 69) + "…" : d));
        }
        return b.toString();
    }
}
