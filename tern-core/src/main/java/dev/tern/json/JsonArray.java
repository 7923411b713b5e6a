package dev.tern.json;

import java.util.ArrayList;
import java.util.List;

/** A JSON array (immutable). */
public record JsonArray(List<JsonValue> items) implements JsonValue {

    public JsonArray {
        items = List.copyOf(items);
    }

    public int size() { return items.size(); }

    public JsonValue get(int index) { return items.get(index); }

    @Override
    public List<Object> toPlain() {
        List<Object> out = new ArrayList<>(items.size());
        for (JsonValue v : items) out.add(v.toPlain());
        return out;
    }

    @Override
    public String toString() { return toJson(); }
}
