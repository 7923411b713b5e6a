package dev.tern.workspace.skills;

import dev.tern.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The YAML front matter of a markdown file ({@code ---} ... {@code ---}), the one parser of skills,
 * agent definitions and workflows. Parsed with a YAML library (Jackson's YAML format); values are
 * String, Boolean, Long, Double, List and Map (null becomes ""), block scalars lose their trailing
 * line breaks.
 *
 * <p>Files written for Claude Code often carry plain values with {@code ": "} inside
 * ({@code description: Use this agent when: ...}), which strict YAML refuses; when the first parse
 * fails, top-level plain values are quoted and the text is parsed again, so those files load unchanged.
 *
 * @param fields  the parsed keys in file order
 * @param body    the markdown after the front matter (trimmed), or the whole text when there is none
 * @param problem why the front matter could not be read (then {@code fields} is empty), or null
 */
public record FrontMatter(Map<String, Object> fields, String body, Problem problem) {

    /**
     * A front matter that is not valid YAML.
     *
     * @param line    1-based line in the whole file (the opening {@code ---} is line 1)
     * @param message what is wrong, one line
     */
    public record Problem(int line, String message) { }

    /** Thrown by {@link #parseStrict}: a front matter that is not valid YAML. */
    public static final class FrontMatterException extends RuntimeException {
        private final int line;

        public FrontMatterException(int line, String message) {
            super(message);
            this.line = line;
        }

        /** 1-based line in the whole file. */
        public int line() { return line; }
    }

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Pattern TOP_LEVEL_PLAIN = Pattern.compile("^([A-Za-z0-9_.-]+):[ \\t]+([^\\s\"'|>\\[{&*!%@`#][^\\n]*)$",
            Pattern.MULTILINE);

    public FrontMatter {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public FrontMatter(Map<String, Object> fields, String body) { this(fields, body, null); }

    /**
     * Splits and parses {@code text}; never fails: a text without front matter gives no fields and the
     * whole text as body, a front matter that is not YAML gives no fields and a {@link #problem()}.
     */
    public static FrontMatter parse(String text) {
        Split s = split(text);
        if (s.yaml == null) return new FrontMatter(Map.of(), s.body);
        try {
            return new FrontMatter(read(s.yaml), s.body);
        } catch (FrontMatterException e) {
            return new FrontMatter(Map.of(), s.body, new Problem(e.line(), e.getMessage()));
        }
    }

    /**
     * Like {@link #parse} but a front matter that is not YAML (or not a mapping) is an error.
     *
     * @throws FrontMatterException with the line in the file and a one-line reason
     */
    public static FrontMatter parseStrict(String text) {
        Split s = split(text);
        if (s.yaml == null) return new FrontMatter(Map.of(), s.body);
        return new FrontMatter(read(s.yaml), s.body);
    }

    /** Whether {@code text} starts with a front matter block. */
    public static boolean present(String text) { return split(text).yaml != null; }

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

    private record Split(String yaml, String body) { }

    private static Split split(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> lines = t.lines().toList();
        if (lines.isEmpty() || !lines.get(0).strip().equals("---")) return new Split(null, t.strip());
        int end = -1;
        for (int i = 1; i < lines.size(); i++) {
            String s = lines.get(i).strip();
            if (s.equals("---") || s.equals("...")) { end = i; break; }
        }
        if (end < 0) return new Split(null, t.strip());
        String yaml = String.join("\n", lines.subList(1, end));
        return new Split(yaml, String.join("\n", lines.subList(end + 1, lines.size())).strip());
    }

    /** Parses the YAML between the fences; line numbers in errors count the opening fence as line 1. */
    private static Map<String, Object> read(String yaml) {
        if (yaml.isBlank()) return Map.of();
        FrontMatterException first;
        try {
            return mapping(YAML.readTree(yaml));
        } catch (JacksonException e) {
            first = error(e);
        }
        String repaired = quotePlainValues(yaml);
        if (!repaired.equals(yaml)) {
            try {
                return mapping(YAML.readTree(repaired));
            } catch (JacksonException e) {
                // report the error of the file as written
            }
        }
        throw first;
    }

    private static Map<String, Object> mapping(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) return Map.of();
        if (!n.isObject()) throw new FrontMatterException(2, "front matter must be a mapping of keys to values, got a "
                + n.getNodeType().name().toLowerCase());
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) toJava(n);
        return m;
    }

    private static FrontMatterException error(JacksonException e) {
        TokenStreamLocation loc = e.getLocation();
        int line = loc == null || loc.getLineNr() < 1 ? 2 : loc.getLineNr() + 1;
        String msg = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
        // snakeyaml's message: what, " in reader, line L, column C:", the line echoed, a caret; keep the words only
        String oneLine = String.join("; ", msg.lines().filter(l -> !l.isBlank() && !l.startsWith(" ") && !l.startsWith("\t"))
                .map(String::strip).toList());
        if (oneLine.isEmpty()) oneLine = msg.strip();
        return new FrontMatterException(line, "invalid YAML front matter: " + oneLine);
    }

    /** Quotes top-level plain scalars that contain {@code ": "} (as Claude Code's own reader tolerates). */
    static String quotePlainValues(String yaml) {
        Matcher m = TOP_LEVEL_PLAIN.matcher(yaml);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = m.group(2).strip();
            String replacement = value.contains(": ") || value.contains(" #") ? m.group(1) + ": " + Json.write(value) : m.group();
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Plain Java values of a parsed tree: Map, List, String, Boolean, Long, Double ("" for null). */
    public static Object toJava(JsonNode n) {
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
        if (n.isIntegralNumber()) return n.canConvertToLong() ? n.asLong() : n.asString();
        if (n.isNumber()) return n.asDouble();
        if (n.isNull() || n.isMissingNode()) return "";
        String s = n.asString();
        return s.endsWith("\n") ? s.stripTrailing() : s;
    }
}
