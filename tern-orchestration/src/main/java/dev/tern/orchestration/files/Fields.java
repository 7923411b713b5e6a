package dev.tern.orchestration.files;

import dev.tern.workspace.skills.FrontMatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of parsed front-matter fields, with the line of the key in the file for errors
 * ({@code agents/x.md:4: 'priority' must be a whole number, got "high"}).
 */
public final class Fields {

    private final Map<String, Object> fields;
    private final String text;

    /** @param text the whole file (to find the line of a key) */
    public Fields(Map<String, Object> fields, String text) {
        this.fields = fields;
        this.text = text;
    }

    /**
     * The front matter of a definition file, strictly parsed.
     *
     * @param what what the file defines, for the message when it has no front matter
     * @throws DefinitionException with the line of a YAML error, or line 1 when there is no front matter
     */
    public static FrontMatter frontMatter(String text, String what) {
        if (!FrontMatter.present(text)) {
            throw new DefinitionException(1, "no front matter: " + what);
        }
        try {
            return FrontMatter.parseStrict(text);
        } catch (FrontMatter.FrontMatterException e) {
            throw new DefinitionException(e.line(), e.getMessage());
        }
    }

    public Map<String, Object> raw() { return fields; }

    public boolean has(String key) { return fields.containsKey(key); }

    /** 1-based line where {@code key:} starts at the beginning of a line in the front matter, else 1. */
    public int lineOf(String key) {
        List<String> lines = text.lines().toList();
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.strip().equals("---") || l.strip().equals("...")) break;
            if (l.startsWith(key + ":") || l.startsWith("\"" + key + "\":") || l.startsWith("'" + key + "':")) return i + 1;
        }
        return 1;
    }

    public DefinitionException error(String key, String message) {
        return new DefinitionException(lineOf(key), "'" + key + "' " + message);
    }

    /** A string value (numbers and booleans as text), or {@code fallback} when absent or empty. */
    public String string(String key, String fallback) {
        Object v = fields.get(key);
        if (v == null || v instanceof String s && s.isBlank()) return fallback;
        if (v instanceof Map || v instanceof Collection) throw error(key, "must be text, got a " + (v instanceof Map ? "mapping" : "list"));
        return v.toString().strip();
    }

    /** A list of strings given as a YAML list or as one comma-separated string; null when absent. */
    public List<String> list(String key) {
        Object v = fields.get(key);
        if (v == null) return null;
        List<String> out = new ArrayList<>();
        if (v instanceof Collection<?> c) {
            for (Object o : c) {
                if (o instanceof Map || o instanceof Collection) throw error(key, "must be a list of names");
                String s = o == null ? "" : o.toString().strip();
                if (!s.isEmpty()) out.add(s);
            }
        } else if (v instanceof Map) {
            throw error(key, "must be a list or a comma-separated string, got a mapping");
        } else {
            for (String part : v.toString().split(",")) if (!part.isBlank()) out.add(part.strip());
        }
        return out;
    }

    public Integer integer(String key, Integer fallback, int min, int max) {
        Object v = fields.get(key);
        if (v == null || v instanceof String s && s.isBlank()) return fallback;
        long n;
        if (v instanceof Long l) n = l;
        else if (v instanceof String s && s.strip().matches("-?\\d{1,10}")) n = Long.parseLong(s.strip());
        else throw error(key, "must be a whole number, got " + describe(v));
        if (n < min || n > max) throw error(key, "must be within " + min + ".." + max + ", got " + n);
        return (int) n;
    }

    public Double number(String key, Double fallback, double min, double max) {
        Object v = fields.get(key);
        if (v == null || v instanceof String s && s.isBlank()) return fallback;
        double d;
        if (v instanceof Number n) d = n.doubleValue();
        else {
            try {
                d = Double.parseDouble(v.toString().strip());
            } catch (NumberFormatException e) {
                throw error(key, "must be a number, got " + describe(v));
            }
        }
        if (d < min || d > max) throw error(key, "must be within " + min + ".." + max + ", got " + d);
        return d;
    }

    public Boolean bool(String key, Boolean fallback) {
        Object v = fields.get(key);
        if (v == null || v instanceof String s && s.isBlank()) return fallback;
        if (v instanceof Boolean b) return b;
        String s = v.toString().strip().toLowerCase();
        if (s.equals("true") || s.equals("yes") || s.equals("on")) return true;
        if (s.equals("false") || s.equals("no") || s.equals("off")) return false;
        throw error(key, "must be true or false, got " + describe(v));
    }

    private static String describe(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : v instanceof Map ? "a mapping" : v instanceof Collection ? "a list" : String.valueOf(v);
    }
}
