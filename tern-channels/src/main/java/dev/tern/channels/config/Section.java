package dev.tern.channels.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One JSON object of the config, read key by key. A key is found in camelCase or snake_case; reading
 * marks it used, and {@link #unknownKeys} reports the rest as warnings. A wrong type is a one-line
 * {@link ChannelConfigException}: {@code config.json: 'channels.email.imapPort' must be an integer, got string}.
 */
final class Section {

    private final JsonNode node;
    private final String path;
    private final String source;
    private final Set<String> read = new HashSet<>();

    Section(JsonNode node, String path, String source) {
        if (node != null && !node.isNull() && !node.isObject()) {
            throw new ChannelConfigException(source + ": '" + path + "' must be an object, got " + kind(node));
        }
        this.node = node == null || node.isNull() ? null : node;
        this.path = path;
        this.source = source;
    }

    String path() { return path; }

    String source() { return source; }

    String keyPath(String key) { return path.isEmpty() ? key : path + "." + key; }

    static String snakeCase(String camel) {
        StringBuilder b = new StringBuilder();
        camel.chars().forEach(c -> {
            if (Character.isUpperCase(c)) b.append('_').append((char) Character.toLowerCase(c));
            else b.append((char) c);
        });
        return b.toString();
    }

    /** The value under {@code key} (camelCase, or its snake_case spelling), or null when absent or null. */
    JsonNode get(String key) {
        if (node == null) return null;
        for (String k : new String[] {key, snakeCase(key)}) {
            JsonNode v = node.get(k);
            if (v != null) {
                read.add(k);
                return v.isNull() ? null : v;
            }
        }
        return null;
    }

    boolean has(String key) { return node != null && (node.has(key) || node.has(snakeCase(key))); }

    Section section(String key) { return new Section(get(key), keyPath(key), source); }

    String text(String key, String fallback) {
        JsonNode v = get(key);
        if (v == null) return fallback;
        if (v.isString() || v.isNumber() || v.isBoolean()) return v.asString();
        throw wrong(key, "a string", v);
    }

    boolean flag(String key, boolean fallback) {
        JsonNode v = get(key);
        if (v == null) return fallback;
        if (v.isBoolean()) return v.asBoolean();
        if (v.isString() && (v.asString().equals("true") || v.asString().equals("false"))) return Boolean.parseBoolean(v.asString());
        throw wrong(key, "true or false", v);
    }

    int integer(String key, int fallback, int min, int max) {
        JsonNode v = get(key);
        if (v == null) return fallback;
        long n;
        if (v.isIntegralNumber()) n = v.asLong();
        else if (v.isString() && v.asString().strip().matches("-?\\d{1,18}")) n = Long.parseLong(v.asString().strip());
        else throw wrong(key, "an integer", v);
        if (n < min || n > max) {
            throw new ChannelConfigException(source + ": '" + keyPath(key) + "' must be between " + min + " and " + max + ", got " + n);
        }
        return (int) n;
    }

    /** A string that must be one of {@code allowed} (a group policy's {@code mention} or {@code open}). */
    String choice(String key, String fallback, List<String> allowed) {
        String v = text(key, fallback);
        if (!allowed.contains(v)) {
            throw new ChannelConfigException(source + ": '" + keyPath(key) + "' must be "
                    + String.join(" or ", allowed.stream().map(a -> "\"" + a + "\"").toList()) + ", got \"" + v + "\"");
        }
        return v;
    }

    /** The group policy of a chat channel: {@code mention} (default) or {@code open}. */
    String groupPolicy() { return choice("groupPolicy", "mention", List.of("mention", "open")); }

    /** A list of strings; numbers are taken as their text (Telegram ids are often written as numbers). */
    List<String> texts(String key) {
        JsonNode v = get(key);
        if (v == null) return List.of();
        if (v.isString()) return List.of(v.asString());
        if (!v.isArray()) throw wrong(key, "an array of strings", v);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isString() && !e.isNumber()) throw wrong(key + "[" + i + "]", "a string", e);
            out.add(e.asString());
        }
        return List.copyOf(out);
    }

    /** Every key of this object. */
    List<String> keys() {
        List<String> out = new ArrayList<>();
        if (node != null) node.propertyNames().forEach(out::add);
        return out;
    }

    /** Adds a warning for each key that nothing read. */
    void unknownKeys(List<String> warnings) {
        for (String k : keys()) if (!read.contains(k)) warnings.add(source + ": unknown key '" + keyPath(k) + "' ignored");
    }

    /** Marks a key as handled without reading it. */
    void ignore(String key) { read.add(key); }

    ChannelConfigException wrong(String key, String expected, JsonNode got) {
        return new ChannelConfigException(source + ": '" + keyPath(key) + "' must be " + expected + ", got " + kind(got));
    }

    private static String kind(JsonNode n) { return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT); }
}
