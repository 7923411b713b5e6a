package dev.tern.workspace.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code facts} and {@code relations} of a consolidation answer however the model spelled
 * them: objects with any of the usual key names, plain strings, {@code [s, r, o]} arrays,
 * {@code "A -> works at -> B"} or {@code "A | works at | B"} lines. Items it cannot read are skipped.
 */
final class Extraction {

    private static final Pattern TRIPLE_TEXT = Pattern.compile("^\\(?\\s*(.+?)\\s*(?:->|→|\\||,|—)\\s*(.+?)\\s*(?:->|→|\\||,|—)\\s*(.+?)\\s*\\)?$");
    private static final Pattern ID = Pattern.compile("#?(\\d+)");

    private Extraction() { }

    static List<ExtractedFact> facts(JsonNode n) {
        List<ExtractedFact> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        if (n.isString()) {
            for (String line : n.asString().split("\n")) {
                String t = line.strip().replaceFirst("^(?:[-*+]|\\d+[.)])\\s+", "").strip();
                if (!t.isEmpty()) out.add(new ExtractedFact(t, null, null, 1, null));
            }
            return out;
        }
        if (!n.isArray()) return out;
        for (JsonNode f : n) {
            if (f.isString()) {
                if (!f.asString().isBlank()) out.add(new ExtractedFact(f.asString(), null, null, 1, null));
                continue;
            }
            if (!f.isObject()) continue;
            String subject = text(f, "subject", "entity", "about", "who");
            String attribute = text(f, "attribute", "predicate", "property", "key", "aspect");
            String value = text(f, "value", "object");
            String text = text(f, "text", "fact", "statement", "content", "description");
            if (text == null && value != null) {
                text = subject == null ? value : attribute == null ? subject + ": " + value : subject + "'s " + attribute + " is " + value;
            }
            if (text == null || text.isBlank()) continue;
            out.add(new ExtractedFact(text, subject, attribute, number(f, 1, "confidence", "certainty"), id(f)));
        }
        return out;
    }

    static List<ExtractedRelation> relations(JsonNode n) {
        List<ExtractedRelation> out = new ArrayList<>();
        if (n == null || !n.isArray()) return out;
        for (JsonNode r : n) {
            String s = null;
            String rel = null;
            String o = null;
            String st = null;
            String ot = null;
            if (r.isObject()) {
                s = text(r, "subject", "source", "from", "head", "entity1");
                rel = text(r, "relation", "predicate", "rel", "type", "relationship");
                o = text(r, "object", "target", "to", "tail", "entity2");
                st = text(r, "subject_type", "subjectType", "source_type");
                ot = text(r, "object_type", "objectType", "target_type");
            } else if (r.isArray() && r.size() >= 3) {
                s = r.get(0).asString();
                rel = r.get(1).asString();
                o = r.get(2).asString();
            } else if (r.isString()) {
                Matcher m = TRIPLE_TEXT.matcher(r.asString().strip());
                if (m.matches()) {
                    s = m.group(1);
                    rel = m.group(2);
                    o = m.group(3);
                }
            }
            if (s == null || rel == null || o == null || s.isBlank() || rel.isBlank() || o.isBlank()) continue;
            out.add(new ExtractedRelation(s, rel, o, st, ot));
        }
        return out;
    }

    private static String text(JsonNode obj, String... names) {
        for (String name : names) {
            JsonNode v = obj.get(name);
            if (v != null && !v.isNull() && (v.isString() || v.isNumber() || v.isBoolean())) {
                String s = v.asString().strip();
                if (!s.isEmpty()) return s;
            }
        }
        return null;
    }

    private static double number(JsonNode obj, double fallback, String... names) {
        for (String name : names) {
            JsonNode v = obj.get(name);
            if (v == null || v.isNull()) continue;
            if (v.isNumber()) return v.asDouble();
            try {
                String s = v.asString().strip().replace("%", "");
                double d = Double.parseDouble(s);
                return v.asString().contains("%") || d > 1 ? d / 100 : d;
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    private static Long id(JsonNode obj) {
        for (String name : new String[] {"replaces", "supersedes", "replaces_id", "id_replaced"}) {
            JsonNode v = obj.get(name);
            if (v == null || v.isNull()) continue;
            if (v.isIntegralNumber()) return v.asLong();
            Matcher m = ID.matcher(v.asString().strip());
            if (m.matches()) return Long.parseLong(m.group(1));
        }
        return null;
    }
}
