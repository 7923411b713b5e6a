package dev.tern.memory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads one config section this module owns ({@code responseCache}, {@code tracker}: kept raw by the
 * config loader, {@code TernConfig.section}). Keys in camelCase or snake_case; a wrong type or range is
 * an {@link IllegalArgumentException} of one line naming the file and the key path; keys nobody read
 * become warnings.
 */
public final class SectionReader {

    private final JsonNode node;
    private final String path;
    private final String source;
    private final Set<String> used = new HashSet<>();

    /**
     * @param node   the section, or null when the config has none (every read gives its default)
     * @param path   the section's name, for messages
     * @param source the config file, for messages
     */
    public SectionReader(JsonNode node, String path, String source) {
        if (node != null && !node.isNull() && !node.isObject()) {
            throw new IllegalArgumentException(source + ": '" + path + "' must be an object");
        }
        this.node = node == null || node.isNull() ? null : node;
        this.path = path;
        this.source = source;
    }

    private JsonNode raw(String camel) {
        if (node == null) return null;
        for (String k : new String[] {camel, snake(camel)}) {
            JsonNode v = node.get(k);
            if (v != null) {
                used.add(k);
                return v.isNull() ? null : v;
            }
        }
        return null;
    }

    static String snake(String camel) {
        StringBuilder b = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) b.append('_').append(Character.toLowerCase(c));
            else b.append(c);
        }
        return b.toString();
    }

    private IllegalArgumentException wrong(String key, String expected, JsonNode got) {
        return new IllegalArgumentException(source + ": '" + path + "." + key + "' must be " + expected + ", got " + got);
    }

    public boolean bool(String key, boolean fallback) {
        JsonNode v = raw(key);
        if (v == null) return fallback;
        if (!v.isBoolean()) throw wrong(key, "true or false", v);
        return v.booleanValue();
    }

    /** A whole number at least {@code min}. */
    public long number(String key, long fallback, long min) {
        JsonNode v = raw(key);
        if (v == null) return fallback;
        if (!v.isIntegralNumber() || v.asLong() < min) throw wrong(key, "a whole number >= " + min, v);
        return v.asLong();
    }

    /** A duration in seconds (fractions allowed), above zero. */
    public Duration seconds(String key, Duration fallback) {
        JsonNode v = raw(key);
        if (v == null) return fallback;
        if (!v.isNumber() || v.asDouble() <= 0) throw wrong(key, "a number of seconds > 0", v);
        return Duration.ofMillis(Math.round(v.asDouble() * 1000));
    }

    /** One of {@code allowed} (case-insensitive), lower case. */
    public String choice(String key, String fallback, List<String> allowed) {
        JsonNode v = raw(key);
        if (v == null) return fallback;
        String s = v.isString() ? v.asString().strip().toLowerCase(java.util.Locale.ROOT) : "";
        if (!allowed.contains(s)) throw wrong(key, "one of " + String.join(", ", allowed), v);
        return s;
    }

    /** Adds a warning for every key of the section that no read consumed. */
    public void unknownKeys(List<String> warnings) {
        if (node == null) return;
        for (String k : node.propertyNames()) {
            if (!used.contains(k)) warnings.add(source + ": unknown key '" + path + "." + k + "' ignored");
        }
    }
}
