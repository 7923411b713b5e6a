package dev.tern.workspace.skills;

import dev.tern.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The YAML-ish front matter of a markdown file ({@code ---} ... {@code ---}), parsed without a YAML
 * library. Supports what skill and agent files use: {@code key: value} scalars (plain, "double" and
 * 'single' quoted, true/false, numbers), inline JSON objects and arrays ({@code metadata: {"nanobot":...}},
 * {@code bins: [gh, "jq"]}), nested maps and {@code - item} lists by indentation, block scalars
 * ({@code |} and {@code >}), and {@code #} comments. Values are String, Boolean, Long, Double,
 * List and Map. Anything it cannot parse stays a plain string: parsing never fails.
 *
 * @param fields the parsed keys in file order
 * @param body   the markdown after the front matter (trimmed), or the whole text when there is none
 */
public record FrontMatter(Map<String, Object> fields, String body) {

    public FrontMatter {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Splits and parses {@code text}; a text without front matter gives no fields and the whole text as body. */
    public static FrontMatter parse(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> lines = t.lines().toList();
        if (lines.isEmpty() || !lines.get(0).strip().equals("---")) return new FrontMatter(Map.of(), t.strip());
        int end = -1;
        for (int i = 1; i < lines.size(); i++) {
            String s = lines.get(i).strip();
            if (s.equals("---") || s.equals("...")) { end = i; break; }
        }
        if (end < 0) return new FrontMatter(Map.of(), t.strip());
        Parser p = new Parser(lines.subList(1, end));
        Map<String, Object> fields = p.map(0);
        String body = String.join("\n", lines.subList(end + 1, lines.size())).strip();
        return new FrontMatter(fields, body);
    }

    public String string(String key) {
        Object v = fields.get(key);
        return v == null ? null : v instanceof String s ? s : Json.write(v);
    }

    /** The value at a dotted path through nested maps ({@code metadata.nanobot.requires}), or null. */
    public Object at(String dottedPath) {
        Object cur = fields;
        for (String part : dottedPath.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) return null;
            cur = m.get(part);
        }
        return cur;
    }

    /** Indentation-driven recursive parser over the front-matter lines. */
    private static final class Parser {
        private final List<String> lines;
        private int pos;

        Parser(List<String> lines) { this.lines = lines; }

        private static int indent(String l) {
            int i = 0;
            while (i < l.length() && l.charAt(i) == ' ') i++;
            return i;
        }

        private static boolean blank(String l) {
            String s = l.strip();
            return s.isEmpty() || s.startsWith("#");
        }

        private void skipBlank() {
            while (pos < lines.size() && blank(lines.get(pos))) pos++;
        }

        Map<String, Object> map(int minIndent) {
            Map<String, Object> out = new LinkedHashMap<>();
            skipBlank();
            int level = pos < lines.size() ? indent(lines.get(pos)) : minIndent;
            if (level < minIndent) return out;
            while (true) {
                skipBlank();
                if (pos >= lines.size()) break;
                String line = lines.get(pos);
                int ind = indent(line);
                if (ind < level) break;
                String s = line.strip();
                int colon = keyColon(s);
                if (ind > level || colon < 0 || s.startsWith("- ")) { pos++; continue; }  // stray line: ignore
                String key = unquote(s.substring(0, colon).strip());
                String rest = stripComment(s.substring(colon + 1).strip());
                pos++;
                out.put(key, value(rest, level));
            }
            return out;
        }

        private Object value(String rest, int level) {
            if (rest.equals("|") || rest.equals(">") || rest.matches("[|>][+-]?")) return block(rest.charAt(0) == '>', level);
            if (!rest.isEmpty()) return scalarOrInline(rest);
            skipBlank();
            if (pos >= lines.size()) return "";
            String next = lines.get(pos);
            int ind = indent(next);
            if (next.strip().startsWith("- ") || next.strip().equals("-")) {
                if (ind >= level) return list(ind);
            }
            if (ind > level) return map(ind);
            return "";
        }

        private List<Object> list(int level) {
            List<Object> out = new ArrayList<>();
            while (true) {
                skipBlank();
                if (pos >= lines.size()) break;
                String line = lines.get(pos);
                String s = line.strip();
                if (indent(line) != level || !(s.startsWith("- ") || s.equals("-"))) break;
                pos++;
                String item = stripComment(s.substring(1).strip());
                int colon = keyColon(item);
                if (colon > 0 && !item.startsWith("{") && !item.startsWith("[") && !item.startsWith("\"")) {
                    // "- key: value" starts a map item; following keys are indented past the dash
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put(unquote(item.substring(0, colon).strip()), value(stripComment(item.substring(colon + 1).strip()), level + 2));
                    m.putAll(map(level + 2));
                    out.add(m);
                } else {
                    out.add(item.isEmpty() ? "" : scalarOrInline(item));
                }
            }
            return out;
        }

        private String block(boolean folded, int level) {
            List<String> parts = new ArrayList<>();
            int blockIndent = -1;
            while (pos < lines.size()) {
                String line = lines.get(pos);
                if (line.isBlank()) { parts.add(""); pos++; continue; }
                int ind = indent(line);
                if (ind <= level) break;
                if (blockIndent < 0) blockIndent = ind;
                parts.add(line.substring(Math.min(ind, blockIndent)));
                pos++;
            }
            while (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) parts.remove(parts.size() - 1);
            if (!folded) return String.join("\n", parts);
            StringBuilder b = new StringBuilder();
            for (String p : parts) {
                if (p.isEmpty()) b.append('\n');
                else b.append(b.isEmpty() || b.charAt(b.length() - 1) == '\n' ? "" : " ").append(p);
            }
            return b.toString();
        }
    }

    /** The index of the colon ending a key (followed by space or end), outside quotes; -1 if none. */
    static int keyColon(String s) {
        char q = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (q != 0) { if (c == q) q = 0; continue; }
            if (c == '"' || c == '\'') { if (i == 0) q = c; continue; }
            if (c == '{' || c == '[') return -1;
            if (c == ':' && (i + 1 == s.length() || s.charAt(i + 1) == ' ' || s.charAt(i + 1) == '\t')) return i;
        }
        return -1;
    }

    private static String stripComment(String s) {
        if (s.startsWith("\"") || s.startsWith("'") || s.startsWith("{") || s.startsWith("[")) return s;
        int i = s.indexOf(" #");
        return i >= 0 ? s.substring(0, i).strip() : s;
    }

    static Object scalarOrInline(String s) {
        if (s.startsWith("{") || s.startsWith("[")) {
            try {
                return toJava(Json.parse(s));
            } catch (JacksonException e) {
                if (s.startsWith("[") && s.endsWith("]")) return flowList(s.substring(1, s.length() - 1));
                return s;
            }
        }
        return scalar(s);
    }

    private static List<Object> flowList(String inner) {
        List<Object> out = new ArrayList<>();
        if (inner.isBlank()) return out;
        for (String part : inner.split(",")) out.add(scalar(part.strip()));
        return out;
    }

    private static Object scalar(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) return unquote(s);
        switch (s) {
            case "true", "True", "yes" -> { return Boolean.TRUE; }
            case "false", "False", "no" -> { return Boolean.FALSE; }
            case "null", "~", "" -> { return ""; }
            default -> { }
        }
        if (s.matches("-?\\d{1,18}")) return Long.parseLong(s);
        if (s.matches("-?\\d+\\.\\d+")) return Double.parseDouble(s);
        return s;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            try {
                return Json.parse(s).asString();
            } catch (JacksonException e) {
                return s.substring(1, s.length() - 1);
            }
        }
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) return s.substring(1, s.length() - 1).replace("''", "'");
        return s;
    }

    static Object toJava(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) m.put(e.getKey(), toJava(e.getValue()));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            for (JsonNode e : n) l.add(toJava(e));
            return l;
        }
        if (n.isBoolean()) return n.asBoolean();
        if (n.isIntegralNumber()) return n.asLong();
        if (n.isNumber()) return n.asDouble();
        if (n.isNull()) return "";
        return n.asString();
    }
}
