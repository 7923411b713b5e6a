package dev.tern.workspace.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A read view of one JSON object of the config file. Looks keys up in camelCase or snake_case,
 * remembers which keys were consumed so that the rest can be reported as unknown, and turns
 * wrong types into one-line {@link ConfigException}s naming the key path.
 */
final class ConfigNode {

    private final JsonNode node;
    private final String path;
    private final String source;
    private final Set<String> used = new HashSet<>();

    ConfigNode(JsonNode node, String path, String source) {
        this.node = node;
        this.path = path;
        this.source = source;
    }

    static String snake(String camel) {
        StringBuilder b = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) b.append('_').append(Character.toLowerCase(c));
            else b.append(c);
        }
        return b.toString();
    }

    private JsonNode raw(String camelKey) {
        if (node == null || !node.isObject()) return null;
        JsonNode v = node.get(camelKey);
        if (v != null) {
            used.add(camelKey);
            return v.isNull() ? null : v;
        }
        String s = snake(camelKey);
        v = node.get(s);
        if (v != null) used.add(s);
        return v == null || v.isNull() ? null : v;
    }

    /** The raw JSON under {@code key} (camelCase or snake_case), marked as known; null when absent. */
    JsonNode section(String key) { return raw(key); }

    private String at(String key) { return path.isEmpty() ? key : path + "." + key; }

    private ConfigException wrongType(String key, String expected, JsonNode got) {
        return new ConfigException(source + ": '" + at(key) + "' must be " + expected + ", got " + got.getNodeType().name().toLowerCase());
    }

    /** A nested object, or an empty view when absent. */
    ConfigNode object(String key) {
        JsonNode v = raw(key);
        if (v != null && !v.isObject()) throw wrongType(key, "an object", v);
        return new ConfigNode(v, at(key), source);
    }

    String string(String key, String fallback) {
        JsonNode v = raw(key);
        if (v == null) return fallback;
        if (!v.isString() && !v.isNumber() && !v.isBoolean()) throw wrongType(key, "a string", v);
        return v.asString();
    }

    int integer(String key, int fallback) {
        long v = longValue(key, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new ConfigException(source + ": '" + at(key) + "' is out of range: " + v);
        }
        return (int) v;
    }

    long longValue(String key, long fallback) {
        JsonNode v = raw(key);
        if (v == null) return fallback;
        if (v.isIntegralNumber()) return v.asLong();
        if (v.isString() && v.asString().matches("-?\\d+")) return Long.parseLong(v.asString());
        throw wrongType(key, "an integer", v);
    }

    double number(String key, double fallback) {
        JsonNode v = raw(key);
        if (v == null) return fallback;
        if (v.isNumber()) return v.asDouble();
        throw wrongType(key, "a number", v);
    }

    boolean bool(String key, boolean fallback) {
        JsonNode v = raw(key);
        if (v == null) return fallback;
        if (v.isBoolean()) return v.asBoolean();
        if (v.isString() && (v.asString().equals("true") || v.asString().equals("false"))) return Boolean.parseBoolean(v.asString());
        throw wrongType(key, "true or false", v);
    }

    /** A duration given as a number of seconds (fractions allowed). */
    Duration seconds(String key, Duration fallback) {
        JsonNode v = raw(key);
        if (v == null) return fallback;
        if (!v.isNumber() || v.asDouble() < 0) throw wrongType(key, "a non-negative number of seconds", v);
        return Duration.ofMillis(Math.round(v.asDouble() * 1000));
    }

    List<String> strings(String key) {
        JsonNode v = raw(key);
        if (v == null) return List.of();
        if (!v.isArray()) throw wrongType(key, "an array of strings", v);
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) out.add(e.asString());
        return List.copyOf(out);
    }

    /** An object of string values (env, headers); keys kept verbatim. */
    Map<String, String> stringMap(String key) {
        JsonNode v = raw(key);
        if (v == null) return Map.of();
        if (!v.isObject()) throw wrongType(key, "an object of strings", v);
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) out.put(e.getKey(), e.getValue().asString());
        return java.util.Collections.unmodifiableMap(out);
    }

    /** An object of name (or pattern) -> non-negative seconds, keys kept verbatim. */
    Map<String, Duration> secondsMap(String key) {
        JsonNode v = raw(key);
        if (v == null) return Map.of();
        if (!v.isObject()) throw wrongType(key, "an object of name -> seconds", v);
        Map<String, Duration> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            JsonNode n = e.getValue();
            if (!n.isNumber() || n.asDouble() < 0) throw wrongType(key + "." + e.getKey(), "a non-negative number of seconds", n);
            out.put(e.getKey(), Duration.ofMillis(Math.round(n.asDouble() * 1000)));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Every (name, object) entry of a map-shaped object whose keys are names, not fields. */
    Map<String, ConfigNode> entries(String key) {
        JsonNode v = raw(key);
        if (v == null) return Map.of();
        if (!v.isObject()) throw wrongType(key, "an object", v);
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getValue().isObject()) throw wrongType(key + "." + e.getKey(), "an object", e.getValue());
            out.put(e.getKey(), new ConfigNode(e.getValue(), at(key) + "." + e.getKey(), source));
        }
        return out;
    }

    boolean has(String key) {
        if (node == null || !node.isObject()) return false;
        return node.has(key) || node.has(snake(key));
    }

    /** Adds a warning for every key of this object that no reader consumed. */
    void reportUnknown(List<String> warnings) {
        if (node == null || !node.isObject()) return;
        for (String k : node.propertyNames()) {
            if (!used.contains(k)) warnings.add(source + ": unknown key '" + at(k) + "' ignored");
        }
    }
}
