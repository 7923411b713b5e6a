package dev.tern.provider.http;

import dev.tern.model.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Assembles streamed tool calls from their fragments, keyed by the wire index, and reports them
 * to the listener as they start and grow. Arguments stay raw text: never parsed or repaired here.
 */
public final class ToolCallAccumulator {

    private static final class Partial {
        final int ordinal;
        String id;
        String name;
        final StringBuilder args = new StringBuilder();
        boolean started;

        Partial(int ordinal) { this.ordinal = ordinal; }
    }

    private final TreeMap<Integer, Partial> calls = new TreeMap<>();
    private final TrackingListener listener;

    public ToolCallAccumulator(TrackingListener listener) {
        this.listener = listener;
    }

    /** A call at wire index {@code index} got its id and/or name (either may be null on later fragments). */
    public void start(int index, String id, String name) {
        Partial p = calls.computeIfAbsent(index, i -> new Partial(calls.size()));
        if (id != null && !id.isEmpty()) p.id = id;
        if (name != null && !name.isEmpty()) p.name = p.name == null ? name : p.name;
        maybeAnnounce(p);
    }

    /** A fragment of the arguments of the call at {@code index}. */
    public void arguments(int index, String fragment) {
        if (fragment == null || fragment.isEmpty()) return;
        Partial p = calls.computeIfAbsent(index, i -> new Partial(calls.size()));
        p.args.append(fragment);
        if (p.started) listener.onToolCallArguments(p.ordinal, fragment);
    }

    public boolean isEmpty() { return calls.isEmpty(); }

    public boolean contains(int index) { return calls.containsKey(index); }

    /** The assembled calls in wire order; a call without an id gets a stable synthetic one. */
    public List<ToolCall> calls() {
        List<ToolCall> out = new ArrayList<>(calls.size());
        for (Partial p : calls.values()) {
            if (p.name == null) continue; // a fragment without a function name cannot be executed
            String id = p.id == null ? "call_" + p.ordinal : p.id;
            out.add(new ToolCall(id, p.name, p.args.toString()));
        }
        return out;
    }

    private void maybeAnnounce(Partial p) {
        if (p.started || p.name == null) return;
        p.started = true;
        listener.onToolCallStart(p.ordinal, p.id == null ? "call_" + p.ordinal : p.id, p.name);
        if (!p.args.isEmpty()) listener.onToolCallArguments(p.ordinal, p.args.toString());
    }
}
