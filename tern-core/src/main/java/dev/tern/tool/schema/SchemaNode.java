package dev.tern.tool.schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * One compiled (sub)schema: the keywords parsed once into fields, patterns precompiled, {@code $ref}s
 * resolved through the root's definitions. Immutable after compilation.
 */
final class SchemaNode {

    /** Definitions of the root schema by reference ("#/$defs/Name", "#"), shared by every node. */
    final Map<String, SchemaNode> defs;
    final String ref;
    final Set<String> types;                 // null: any type
    final String description;
    final Map<String, SchemaNode> properties;
    final List<String> required;
    final boolean additionalAllowed;
    final SchemaNode additional;             // null: any value when allowed
    final List<JsonNode> enumValues;         // null: no enum
    final JsonNode constValue;               // null: no const
    final SchemaNode items;
    final Integer minItems;
    final Integer maxItems;
    final boolean uniqueItems;
    final BigDecimal minimum;
    final BigDecimal maximum;
    final boolean exclusiveMin;
    final boolean exclusiveMax;
    final Integer minLength;
    final Integer maxLength;
    final Pattern pattern;
    final List<SchemaNode> allOf;
    final List<SchemaNode> anyOf;
    final List<SchemaNode> oneOf;

    /** Compiles a root schema: its definitions first, so references resolve. */
    static SchemaNode root(JsonNode schema) {
        Map<String, SchemaNode> defs = new LinkedHashMap<>();
        for (String section : List.of("$defs", "definitions")) {
            JsonNode d = schema.get(section);
            if (d == null || !d.isObject()) continue;
            for (Map.Entry<String, JsonNode> e : d.properties()) {
                defs.put("#/" + section + "/" + e.getKey(), null); // reserve: refs may point forward
            }
        }
        for (String section : List.of("$defs", "definitions")) {
            JsonNode d = schema.get(section);
            if (d == null || !d.isObject()) continue;
            for (Map.Entry<String, JsonNode> e : d.properties()) {
                defs.put("#/" + section + "/" + e.getKey(), new SchemaNode(e.getValue(), defs));
            }
        }
        SchemaNode root = new SchemaNode(schema, defs);
        defs.put("#", root);
        return root;
    }

    private SchemaNode(JsonNode s, Map<String, SchemaNode> defs) {
        if (s.isBoolean()) s = s.booleanValue() ? EMPTY : NOTHING;
        if (!s.isObject()) throw new IllegalArgumentException("a schema must be an object, got " + s);
        this.defs = defs;
        this.ref = text(s, "$ref");
        if (ref != null && !defs.containsKey(ref) && !ref.equals("#")) {
            throw new IllegalArgumentException("unresolvable $ref '" + ref + "' (only #, #/$defs/… and #/definitions/… are supported)");
        }
        this.types = types(s);
        this.description = text(s, "description");
        Map<String, SchemaNode> props = new LinkedHashMap<>();
        JsonNode p = s.get("properties");
        if (p != null && p.isObject()) {
            for (Map.Entry<String, JsonNode> e : p.properties()) props.put(e.getKey(), new SchemaNode(e.getValue(), defs));
        }
        this.properties = props;
        List<String> req = new ArrayList<>();
        JsonNode r = s.get("required");
        if (r != null && r.isArray()) r.values().forEach(n -> req.add(n.asString()));
        this.required = List.copyOf(req);
        JsonNode ap = s.get("additionalProperties");
        this.additionalAllowed = ap == null || !ap.isBoolean() || ap.booleanValue();
        this.additional = ap != null && ap.isObject() ? new SchemaNode(ap, defs) : null;
        JsonNode en = s.get("enum");
        this.enumValues = en != null && en.isArray() ? List.copyOf(en.values()) : null;
        this.constValue = s.get("const");
        JsonNode it = s.get("items");
        this.items = it != null && (it.isObject() || it.isBoolean()) ? new SchemaNode(it, defs) : null;
        this.minItems = integer(s, "minItems");
        this.maxItems = integer(s, "maxItems");
        this.uniqueItems = s.path("uniqueItems").asBoolean(false);
        this.minLength = integer(s, "minLength");
        this.maxLength = integer(s, "maxLength");
        // draft 6+: exclusiveMinimum is a number; draft 4: a boolean beside minimum
        JsonNode exMin = s.get("exclusiveMinimum");
        JsonNode exMax = s.get("exclusiveMaximum");
        BigDecimal min = decimal(s, "minimum");
        BigDecimal max = decimal(s, "maximum");
        boolean exclMin = exMin != null && exMin.isBoolean() && exMin.booleanValue();
        boolean exclMax = exMax != null && exMax.isBoolean() && exMax.booleanValue();
        if (exMin != null && exMin.isNumber() && (min == null || exMin.decimalValue().compareTo(min) >= 0)) {
            min = exMin.decimalValue();
            exclMin = true;
        }
        if (exMax != null && exMax.isNumber() && (max == null || exMax.decimalValue().compareTo(max) <= 0)) {
            max = exMax.decimalValue();
            exclMax = true;
        }
        this.minimum = min;
        this.maximum = max;
        this.exclusiveMin = exclMin;
        this.exclusiveMax = exclMax;
        String pat = text(s, "pattern");
        try {
            this.pattern = pat == null ? null : Pattern.compile(pat);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid pattern '" + pat + "': " + e.getDescription());
        }
        this.allOf = list(s, "allOf", defs);
        this.anyOf = list(s, "anyOf", defs);
        this.oneOf = list(s, "oneOf", defs);
    }

    private static final JsonNode EMPTY = dev.tern.json.Json.object();
    private static final JsonNode NOTHING = dev.tern.json.Json.parse("{\"not\":{}, \"enum\":[]}");

    SchemaNode resolve() {
        return ref == null ? this : defs.get(ref);
    }

    boolean allowsType(String t) { return types == null || types.contains(t); }

    private static Set<String> types(JsonNode s) {
        JsonNode t = s.get("type");
        Set<String> out = new LinkedHashSet<>();
        if (t != null && t.isString()) out.add(t.asString());
        else if (t != null && t.isArray()) t.values().forEach(n -> out.add(n.asString()));
        else return null;
        if (s.path("nullable").asBoolean(false)) out.add("null"); // OpenAPI style
        return java.util.Collections.unmodifiableSet(out);
    }

    private static List<SchemaNode> list(JsonNode s, String key, Map<String, SchemaNode> defs) {
        JsonNode a = s.get(key);
        if (a == null || !a.isArray()) return List.of();
        List<SchemaNode> out = new ArrayList<>();
        for (JsonNode n : a.values()) out.add(new SchemaNode(n, defs));
        return List.copyOf(out);
    }

    private static String text(JsonNode s, String key) {
        JsonNode n = s.get(key);
        return n != null && n.isString() ? n.asString() : null;
    }

    private static Integer integer(JsonNode s, String key) {
        JsonNode n = s.get(key);
        return n != null && n.isNumber() ? n.intValue() : null;
    }

    private static BigDecimal decimal(JsonNode s, String key) {
        JsonNode n = s.get(key);
        return n != null && n.isNumber() ? n.decimalValue() : null;
    }
}
