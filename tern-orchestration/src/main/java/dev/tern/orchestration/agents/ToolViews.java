package dev.tern.orchestration.agents;

import dev.tern.tool.Tool;
import dev.tern.tool.ToolRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Filtered views of one tool registry: a view is a {@link ToolRegistry} holding only the tools an
 * agent was given, kept in step with the source (an MCP server that registers its tools later, a tool
 * removed or replaced), so an agent never sees a tool it was not given and never misses one it was.
 * Views are shared by every agent with the same allowed set (one change listener per set, not per run),
 * and keep their definition list (byte-identical schemas) until their own subset changes.
 */
public final class ToolViews {

    private final ToolRegistry source;
    private final Map<String, View> views = new ConcurrentHashMap<>();

    public ToolViews(ToolRegistry source) { this.source = source; }

    public ToolRegistry source() { return source; }

    /** The view for {@code access}: the source itself when it allows every tool. */
    public ToolRegistry view(ToolAccess access) {
        if (access.unrestricted()) return source;
        return views.computeIfAbsent(access.key(), k -> {
            View v = new View(access);
            source.addChangeListener(r -> v.sync());
            v.sync();
            return v;
        }).registry;
    }

    /** Views created (one per distinct allowed set). */
    public int size() { return views.size(); }

    private final class View {
        final ToolAccess access;
        final ToolRegistry registry = new ToolRegistry();

        View(ToolAccess access) { this.access = access; }

        synchronized void sync() {
            List<Tool> wanted = new ArrayList<>();
            for (Tool t : source.tools()) if (access.allows(t.spec().name())) wanted.add(t);
            boolean same = wanted.size() == registry.size();
            for (int i = 0; same && i < wanted.size(); i++) {
                Optional<Tool> mine = registry.find(wanted.get(i).spec().name());
                same = mine.isPresent() && mine.get() == wanted.get(i);
            }
            if (same) return;
            java.util.Set<String> names = new java.util.HashSet<>();
            for (Tool t : wanted) names.add(t.spec().name());
            registry.unregisterIf(n -> !names.contains(n));
            registry.registerAll(wanted);
        }
    }
}
