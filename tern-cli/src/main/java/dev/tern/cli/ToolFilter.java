package dev.tern.cli;

import dev.tern.run.AgentEvent.ToolSource;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolGate;
import dev.tern.tool.ToolRegistry;
import dev.tern.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --allowed-tools} / {@code --disallowed-tools}: names or prefixes ending in {@code *}
 * ({@code read_file}, {@code mcp_fs_*}). The model is offered only the tools that pass (a view of the
 * workspace registry that follows MCP tool-list changes), and, as a gate, calls of any other tool are
 * denied, sub-agents' included.
 */
final class ToolFilter implements ToolGate {

    private final List<String> allowed;
    private final List<String> disallowed;

    ToolFilter(List<String> allowed, List<String> disallowed) {
        this.allowed = split(allowed);
        this.disallowed = split(disallowed);
    }

    boolean active() { return !allowed.isEmpty() || !disallowed.isEmpty(); }

    boolean permits(String tool) {
        if (matchesAny(disallowed, tool)) return false;
        return allowed.isEmpty() || matchesAny(allowed, tool);
    }

    /** Patterns that match no tool of {@code registry}, for a warning. */
    List<String> unknown(ToolRegistry registry) {
        List<String> out = new ArrayList<>();
        for (String p : allowed) if (registry.tools().stream().noneMatch(t -> matches(p, t.name()))) out.add(p);
        for (String p : disallowed) if (registry.tools().stream().noneMatch(t -> matches(p, t.name()))) out.add(p);
        return out;
    }

    /** A registry holding the permitted tools of {@code source}, kept in step with it. */
    ToolRegistry view(ToolRegistry source) {
        ToolRegistry view = new ToolRegistry();
        sync(source, view);
        source.addChangeListener(changed -> sync(changed, view));
        return view;
    }

    private void sync(ToolRegistry source, ToolRegistry view) {
        List<Tool> keep = new ArrayList<>();
        for (Tool t : source.tools()) if (permits(t.name())) keep.add(t);
        view.unregisterIf(name -> source.find(name).isEmpty() || !permits(name));
        view.registerAll(keep);
    }

    @Override
    public ToolResult check(Tool tool, ToolCallContext call) {
        if (permits(tool.name())) return null;
        return ToolResult.error("Denied: '" + tool.name() + "' is not among the tools allowed for this run "
                + "(--allowed-tools / --disallowed-tools).").withSource(ToolSource.DENIED);
    }

    private static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values == null) return out;
        for (String v : values) {
            for (String p : v.split("[,\\s]+")) if (!p.isBlank()) out.add(p.strip());
        }
        return out;
    }

    static boolean matches(String pattern, String tool) {
        return pattern.endsWith("*") ? tool.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(tool);
    }

    private static boolean matchesAny(List<String> patterns, String tool) {
        for (String p : patterns) if (matches(p, tool)) return true;
        return false;
    }
}
