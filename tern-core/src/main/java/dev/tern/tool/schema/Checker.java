package dev.tern.tool.schema;

import dev.tern.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** One validation walk. Returns the (possibly coerced) value and collects error sentences. */
final class Checker {

    private final boolean coerce;

    Checker(boolean coerce) { this.coerce = coerce; }

    JsonNode check(SchemaNode schema, JsonNode v, String path, List<String> errors) {
        SchemaNode s = schema.resolve();
        for (SchemaNode sub : s.allOf) v = check(sub, v, path, errors);
        if (!s.anyOf.isEmpty()) v = choose(s.anyOf, false, v, path, errors);
        if (!s.oneOf.isEmpty()) v = choose(s.oneOf, true, v, path, errors);
        if (s.types != null && !Types.matches(v, s.types)) {
            JsonNode c = coerce ? Coercion.coerce(v, s.types) : null;
            if (c == null) {
                errors.add(Phrases.label(path) + " must be " + Phrases.expectation(s) + ", got " + Phrases.show(v));
                return v;
            }
            v = c;
        }
        if (s.enumValues != null && !Types.containsEqual(s.enumValues, v)) {
            errors.add(Phrases.label(path) + " must be one of " + Phrases.list(s.enumValues) + ", got " + Phrases.show(v));
        }
        if (s.constValue != null && !Types.jsonEquals(s.constValue, v)) {
            errors.add(Phrases.label(path) + " must be " + Phrases.show(s.constValue) + ", got " + Phrases.show(v));
        }
        if (v.isNumber()) checkNumber(s, v, path, errors);
        else if (v.isString()) checkString(s, v.asString(), path, errors);
        else if (v.isArray()) v = checkArray(s, (ArrayNode) v, path, errors);
        else if (v.isObject()) v = checkObject(s, (ObjectNode) v, path, errors);
        return v;
    }

    private JsonNode choose(List<SchemaNode> options, boolean exactlyOne, JsonNode v, String path, List<String> errors) {
        List<String> firstErrors = new ArrayList<>();
        for (boolean withCoercion : coerce ? new boolean[] {false, true} : new boolean[] {false}) {
            Checker c = new Checker(withCoercion);
            JsonNode match = null;
            int matches = 0;
            firstErrors.clear();
            for (SchemaNode option : options) {
                List<String> e = new ArrayList<>();
                JsonNode out = c.check(option, v, path, e);
                if (e.isEmpty()) {
                    if (matches++ == 0) match = out;
                    if (!exactlyOne) break;
                } else {
                    firstErrors.add(e.get(0));
                }
            }
            if (matches == 1 || (matches > 1 && !exactlyOne)) return match;
            if (matches > 1) {
                errors.add(Phrases.label(path) + " matches more than one of the allowed forms, got " + Phrases.show(v));
                return v;
            }
        }
        errors.add(Phrases.label(path) + " matches none of the allowed forms: " + String.join(" | ", firstErrors));
        return v;
    }

    private static void checkNumber(SchemaNode s, JsonNode v, String path, List<String> errors) {
        if (s.minimum == null && s.maximum == null) return;
        BigDecimal d = v.decimalValue();
        boolean low = s.minimum != null && (s.exclusiveMin ? d.compareTo(s.minimum) <= 0 : d.compareTo(s.minimum) < 0);
        boolean high = s.maximum != null && (s.exclusiveMax ? d.compareTo(s.maximum) >= 0 : d.compareTo(s.maximum) > 0);
        if (low || high) errors.add(Phrases.label(path) + " must be " + Phrases.expectation(s) + ", got " + Phrases.show(v));
    }

    private static void checkString(SchemaNode s, String text, String path, List<String> errors) {
        int len = text.codePointCount(0, text.length());
        if ((s.minLength != null && len < s.minLength) || (s.maxLength != null && len > s.maxLength)) {
            errors.add(Phrases.label(path) + " must be a string of " + Phrases.bounds(s.minLength, s.maxLength, "character")
                    + ", got " + len + " character" + (len == 1 ? "" : "s"));
        }
        if (s.pattern != null && !s.pattern.matcher(text).find()) {
            errors.add(Phrases.label(path) + " must match the pattern " + s.pattern.pattern() + ", got " + Phrases.show(Json.MAPPER.getNodeFactory().stringNode(text)));
        }
    }

    private JsonNode checkArray(SchemaNode s, ArrayNode a, String path, List<String> errors) {
        int n = a.size();
        if ((s.minItems != null && n < s.minItems) || (s.maxItems != null && n > s.maxItems)) {
            errors.add(Phrases.label(path) + " must have " + Phrases.bounds(s.minItems, s.maxItems, "item") + ", got " + n);
        }
        if (s.uniqueItems && new HashSet<>(a.values()).size() < n) {
            errors.add(Phrases.label(path) + " must not contain duplicates, got " + Phrases.show(a));
        }
        if (s.items == null) return a;
        ArrayNode out = null;
        for (int i = 0; i < n; i++) {
            JsonNode item = a.get(i);
            JsonNode checked = check(s.items, item, path + "[" + i + "]", errors);
            if (checked != item && out == null) {
                out = Json.MAPPER.createArrayNode();
                for (int j = 0; j < i; j++) out.add(a.get(j));
            }
            if (out != null) out.add(checked);
        }
        return out == null ? a : out;
    }

    private JsonNode checkObject(SchemaNode s, ObjectNode o, String path, List<String> errors) {
        ObjectNode out = null;
        Set<String> required = Set.copyOf(s.required);
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            SchemaNode ps = s.properties.get(key);
            String childPath = path.isEmpty() ? key : path + "." + key;
            JsonNode checked = value;
            if (ps == null && !s.additionalAllowed) {
                errors.add("unknown " + Phrases.label(childPath) + Phrases.allowed(s.properties.keySet()));
            } else if (ps != null && coerce && value.isNull() && !required.contains(key) && !ps.resolve().allowsType("null")
                    && ps.resolve().types != null) {
                checked = null; // an optional argument sent as null: drop it
            } else if (ps != null || s.additional != null) {
                checked = check(ps != null ? ps : s.additional, value, childPath, errors);
            }
            if (checked != value && out == null) {
                out = Json.object();
                for (Map.Entry<String, JsonNode> prior : o.properties()) {
                    if (prior.getKey().equals(key)) break;
                    out.set(prior.getKey(), prior.getValue());
                }
            }
            if (out != null && checked != null) out.set(key, checked);
        }
        ObjectNode result = out == null ? o : out;
        for (String r : s.required) {
            if (!result.has(r)) {
                SchemaNode ps = s.properties.get(r);
                errors.add(Phrases.label(path.isEmpty() ? r : path + "." + r) + " is required" + Phrases.hint(ps));
            }
        }
        return result;
    }
}
