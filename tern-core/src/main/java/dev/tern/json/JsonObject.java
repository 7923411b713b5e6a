package dev.tern.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object (immutable, key order kept), with lenient typed accessors for tool arguments:
 * a missing key or JSON null gives the fallback, a number given as a string ("5") is read as a number.
 */
public record JsonObject(Map<String, JsonValue> fields) implements JsonValue {

    public static final JsonObject EMPTY = new JsonObject(Map.of());

    public JsonObject {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Parses JSON text that must be an object. @throws IllegalArgumentException otherwise */
    public static JsonObject parse(String json) {
        if (JsonValue.parse(json) instanceof JsonObject o) return o;
        throw new IllegalArgumentException("expected a JSON object, got: " + (json.length() > 80 ? json.substring(0, 80) + "…" : json));
    }

    /** Builds an object from alternating keys and plain values: {@code JsonObject.of("path", "a.txt")}. */
    public static JsonObject of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("keys and values must alternate");
        Map<String, JsonValue> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put(String.valueOf(keysAndValues[i]), JsonValue.of(keysAndValues[i + 1]));
        return new JsonObject(m);
    }

    /** The value under {@code key}, or null when absent (a JSON null is returned as {@link JsonNull}). */
    public JsonValue get(String key) { return fields.get(key); }

    public boolean has(String key) {
        JsonValue v = fields.get(key);
        return v != null && !(v instanceof JsonNull);
    }

    public Set<String> keys() { return fields.keySet(); }

    public int size() { return fields.size(); }

    public boolean isEmpty() { return fields.isEmpty(); }

    /** The value as text (see {@link JsonValue#asText()}), or null when absent or JSON null. */
    public String string(String key) {
        JsonValue v = fields.get(key);
        return v == null || v instanceof JsonNull ? null : v.asText();
    }

    public String string(String key, String fallback) {
        String s = string(key);
        return s == null ? fallback : s;
    }

    public int integer(String key, int fallback) {
        long v = longValue(key, fallback);
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : v < Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) v;
    }

    public long longValue(String key, long fallback) {
        JsonValue v = fields.get(key);
        if (v instanceof JsonNumber n) return n.value().longValue();
        if (v instanceof JsonString s) {
            try {
                return new java.math.BigDecimal(s.value().trim()).longValue();
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    public double number(String key, double fallback) {
        JsonValue v = fields.get(key);
        if (v instanceof JsonNumber n) return n.value().doubleValue();
        if (v instanceof JsonString s) {
            try {
                return Double.parseDouble(s.value().trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    public boolean bool(String key, boolean fallback) {
        JsonValue v = fields.get(key);
        if (v instanceof JsonBool b) return b.value();
        if (v instanceof JsonString s) {
            if (s.value().equalsIgnoreCase("true")) return true;
            if (s.value().equalsIgnoreCase("false")) return false;
        }
        return fallback;
    }

    /** The nested object under {@code key}, or null when absent or not an object. */
    public JsonObject object(String key) { return fields.get(key) instanceof JsonObject o ? o : null; }

    /** The array under {@code key}, or null when absent or not an array. */
    public JsonArray array(String key) { return fields.get(key) instanceof JsonArray a ? a : null; }

    /** The array under {@code key} as texts (a single string counts as a one-element list); empty when absent. */
    public List<String> strings(String key) {
        JsonValue v = fields.get(key);
        if (v instanceof JsonArray a) {
            List<String> out = new ArrayList<>(a.size());
            for (JsonValue e : a.items()) if (!(e instanceof JsonNull)) out.add(e.asText());
            return out;
        }
        if (v == null || v instanceof JsonNull) return List.of();
        return List.of(v.asText());
    }

    /** A copy with one more (or a replaced) key. */
    public JsonObject with(String key, Object value) {
        Map<String, JsonValue> m = new LinkedHashMap<>(fields);
        m.put(key, JsonValue.of(value));
        return new JsonObject(m);
    }

    @Override
    public Map<String, Object> toPlain() {
        Map<String, Object> m = new LinkedHashMap<>();
        fields.forEach((k, v) -> m.put(k, v.toPlain()));
        return m;
    }

    @Override
    public String toString() { return toJson(); }
}
