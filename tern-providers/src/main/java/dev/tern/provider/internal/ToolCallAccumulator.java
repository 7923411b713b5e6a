package dev.tern.provider.internal;

import dev.tern.model.ToolCall;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles streamed tool calls from their fragments and reports them to the listener as they
 * start and grow. Calls get consecutive slots (0, 1, ...) in order of appearance; fragments find
 * their call by the wire index. Lax servers are handled too: a fragment without an index belongs
 * to the latest call unless it brings a new id, and a new id at an index already in use (some
 * servers send index 0 for every parallel call) opens a new call. Arguments stay raw text: never
 * parsed or repaired here.
 */
public final class ToolCallAccumulator {

    private static final class Partial {
        final int slot;
        String id;
        String name;
        final StringBuilder args = new StringBuilder();
        boolean started;

        Partial(int slot) { this.slot = slot; }
    }

    private final TreeMap<Integer, Partial> calls = new TreeMap<>();
    private final Map<Integer, Integer> wireToSlot = new HashMap<>();
    private final TrackingListener listener;

    public ToolCallAccumulator(TrackingListener listener) {
        this.listener = listener;
    }

    /**
     * A call fragment carrying its id and/or name (either may be null on later fragments).
     *
     * @param wireIndex the index the server gave, or null when it gave none
     */
    public void start(Integer wireIndex, String id, String name) {
        Partial p = calls.get(slotFor(wireIndex, id));
        if (id != null && !id.isEmpty() && p.id == null) p.id = id;
        if (name != null && !name.isEmpty() && p.name == null) p.name = name;
        maybeAnnounce(p);
    }

    /**
     * A fragment of the arguments of the call at {@code wireIndex} (null: the latest call).
     */
    public void arguments(Integer wireIndex, String fragment) {
        if (fragment == null || fragment.isEmpty()) return;
        Integer slot = wireIndex == null ? (calls.isEmpty() ? null : calls.lastKey()) : wireToSlot.get(wireIndex);
        Partial p = calls.get(slot == null ? slotFor(wireIndex, null) : slot);
        p.args.append(fragment);
        if (p.started) listener.onToolCallArguments(p.slot, fragment);
    }

    public boolean isEmpty() { return calls.isEmpty(); }

    /** The assembled calls in order; a call without an id gets a stable synthetic one. */
    public List<ToolCall> calls() {
        List<ToolCall> out = new ArrayList<>(calls.size());
        for (Partial p : calls.values()) {
            if (p.name == null) continue; // a fragment without a function name cannot be executed
            out.add(new ToolCall(p.id == null ? "call_" + p.slot : p.id, p.name, p.args.toString()));
        }
        return out;
    }

    private int slotFor(Integer wireIndex, String id) {
        boolean hasId = id != null && !id.isEmpty();
        if (wireIndex == null) {
            if (!calls.isEmpty()) {
                Partial last = calls.lastEntry().getValue();
                if (!hasId || last.id == null || id.equals(last.id)) return last.slot;
            }
            return newSlot();
        }
        Integer slot = wireToSlot.get(wireIndex);
        if (slot == null || (hasId && calls.get(slot).id != null && !calls.get(slot).id.equals(id))) {
            slot = newSlot();
            wireToSlot.put(wireIndex, slot);
        }
        return slot;
    }

    private int newSlot() {
        int slot = calls.isEmpty() ? 0 : calls.lastKey() + 1;
        calls.put(slot, new Partial(slot));
        return slot;
    }

    private void maybeAnnounce(Partial p) {
        if (p.started || p.name == null) return;
        p.started = true;
        listener.onToolCallStart(p.slot, p.id == null ? "call_" + p.slot : p.id, p.name);
        if (!p.args.isEmpty()) listener.onToolCallArguments(p.slot, p.args.toString());
    }
}
