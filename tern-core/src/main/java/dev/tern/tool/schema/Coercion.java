package dev.tern.tool.schema;

import dev.tern.json.Json;
import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The safe coercions of {@link SchemaValidator}: each one keeps the value the model meant and only
 * changes its JSON type. Anything else is left to fail validation.
 */
final class Coercion {

    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,40}");
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");

    private Coercion() { }

    /** The value converted to one of {@code types}, or null when no safe conversion exists. */
    static JsonNode coerce(JsonNode v, Set<String> types) {
        JsonNodeFactory f = Json.MAPPER.getNodeFactory();
        if (v.isString()) {
            String text = v.asString().trim();
            if (types.contains("integer") && INTEGER.matcher(text).matches()) {
                BigInteger b = new BigInteger(text);
                return b.bitLength() < 64 ? f.numberNode(b.longValue()) : f.numberNode(b);
            }
            if (types.contains("number") && NUMBER.matcher(text).matches()) return Json.parse(text);
            if (types.contains("boolean") && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
                return f.booleanNode(Boolean.parseBoolean(text.toLowerCase()));
            }
            if (types.contains("array") && text.startsWith("[")) return parsed(text, true);
            if (types.contains("object") && text.startsWith("{")) return parsed(text, false);
            return null;
        }
        if ((v.isNumber() || v.isBoolean()) && types.contains("string")) return f.stringNode(v.asString());
        return null;
    }

    private static JsonNode parsed(String text, boolean array) {
        try {
            JsonNode n = Json.parse(text);
            return array ? (n.isArray() ? n : null) : (n.isObject() ? n : null);
        } catch (JacksonException e) {
            return null;
        }
    }
}
