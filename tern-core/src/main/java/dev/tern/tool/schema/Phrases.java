package dev.tern.tool.schema;

import dev.tern.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The words of validation errors: short, concrete, in terms the model can act on. */
final class Phrases {

    private static final int SHOW_MAX = 80;

    private Phrases() { }

    static String label(String path) {
        return path.isEmpty() ? "arguments" : "argument '" + path + "'";
    }

    /** "an integer between 1 and 20", "a string or null", "a number greater than 0". */
    static String expectation(SchemaNode s) {
        String type = s.types == null ? (s.minimum != null || s.maximum != null ? "a number" : "a value") : typePhrase(s.types, true);
        String range = range(s);
        return range.isEmpty() ? type : type + " " + range;
    }

    static String typePhrase(Set<String> types, boolean article) {
        List<String> words = new ArrayList<>(types.size());
        for (String t : types) {
            if (!article || t.equals("null")) words.add(t);
            else words.add((t.equals("integer") || t.equals("object") || t.equals("array") ? "an " : "a ") + t);
        }
        return String.join(" or ", words);
    }

    static String range(SchemaNode s) {
        if (s.minimum != null && s.maximum != null && !s.exclusiveMin && !s.exclusiveMax) {
            return "between " + num(s.minimum) + " and " + num(s.maximum);
        }
        List<String> parts = new ArrayList<>(2);
        if (s.minimum != null) parts.add((s.exclusiveMin ? "greater than " : "at least ") + num(s.minimum));
        if (s.maximum != null) parts.add((s.exclusiveMax ? "less than " : "at most ") + num(s.maximum));
        return String.join(" and ", parts);
    }

    /** "between 1 and 3 items", "at least 1 character", "at most 10 characters". */
    static String bounds(Integer min, Integer max, String unit) {
        if (min != null && max != null) return min.equals(max) ? plural(min, unit) : "between " + min + " and " + plural(max, unit);
        if (min != null) return "at least " + plural(min, unit);
        return "at most " + plural(max, unit);
    }

    private static String plural(int n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** The value as compact JSON, cut to a readable length. */
    static String show(JsonNode v) {
        String s = Json.write(v);
        return s.length() <= SHOW_MAX ? s : s.substring(0, SHOW_MAX) + "…";
    }

    static String list(Collection<JsonNode> values) {
        List<String> out = new ArrayList<>(values.size());
        for (JsonNode v : values) out.add(show(v));
        return String.join(", ", out);
    }

    static String allowed(Collection<String> names) {
        return names.isEmpty() ? " (this takes no arguments)" : " (allowed: " + String.join(", ", names) + ")";
    }

    /** " (string: the file to read)" for a required-argument error; "" when nothing is known. */
    static String hint(SchemaNode property) {
        if (property == null) return "";
        SchemaNode s = property.resolve();
        String type = s.types == null ? null : typePhrase(s.types, false);
        if (s.enumValues != null) type = "one of " + list(s.enumValues);
        String desc = s.description != null ? s.description : property.description;
        if (type == null && desc == null) return "";
        if (type == null) return " (" + desc + ")";
        return desc == null ? " (" + type + ")" : " (" + type + ": " + desc + ")";
    }

    private static String num(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }
}
