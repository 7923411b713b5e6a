package dev.tern.tool;

import dev.tern.model.ToolSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The tools an agent can call. The model-facing definitions are computed once and kept until the
 * set changes (register, unregister, replace), so every request carries the same list object with
 * byte-identical schemas. Thread-safe; reads are lock-free.
 */
public final class ToolRegistry {

    /** Called after the set of tools changed. */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(ToolRegistry registry);
    }

    private final Object lock = new Object();
    private volatile Map<String, Tool> tools = Map.of();
    private volatile List<ToolSpec> definitions = List.of();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    private volatile long version;

    public ToolRegistry register(Tool tool) {
        String name = tool.spec().name();
        if (!name.matches("[a-zA-Z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("invalid tool name '" + name + "': use 1-64 of [a-zA-Z0-9_-]");
        }
        update(m -> m.put(name, tool));
        return this;
    }

    public ToolRegistry registerAll(Collection<? extends Tool> all) {
        update(m -> all.forEach(t -> m.put(t.spec().name(), t)));
        return this;
    }

    public boolean unregister(String name) {
        boolean[] removed = {false};
        update(m -> removed[0] = m.remove(name) != null);
        return removed[0];
    }

    /** Removes every tool whose name matches, e.g. all tools of one MCP server. */
    public int unregisterIf(Predicate<String> names) {
        int[] n = {0};
        update(m -> {
            int before = m.size();
            m.keySet().removeIf(names);
            n[0] = before - m.size();
        });
        return n[0];
    }

    public Optional<Tool> find(String name) { return Optional.ofNullable(tools.get(name)); }

    public Collection<Tool> tools() { return tools.values(); }

    public int size() { return tools.size(); }

    /** The model-facing definitions, in registration order; the same list until the set changes. */
    public List<ToolSpec> definitions() { return definitions; }

    /** Increments on every change; lets callers cache anything derived from the set. */
    public long version() { return version; }

    public void addChangeListener(ChangeListener l) { listeners.add(l); }

    private void update(java.util.function.Consumer<Map<String, Tool>> change) {
        synchronized (lock) {
            Map<String, Tool> next = new LinkedHashMap<>(tools);
            change.accept(next);
            List<ToolSpec> defs = new ArrayList<>(next.size());
            for (Tool t : next.values()) defs.add(t.spec());
            tools = java.util.Collections.unmodifiableMap(next);
            definitions = List.copyOf(defs);
            version++;
        }
        for (ChangeListener l : listeners) l.changed(this);
    }
}
