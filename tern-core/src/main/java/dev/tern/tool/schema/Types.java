package dev.tern.tool.schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** JSON Schema type tests and value equality. */
final class Types {

    private Types() { }

    static boolean matches(JsonNode v, Set<String> types) {
        for (String t : types) {
            if (matches(v, t)) return true;
        }
        return false;
    }

    static boolean matches(JsonNode v, String type) {
        return switch (type) {
            case "string" -> v.isString();
            case "integer" -> v.isIntegralNumber() || (v.isNumber() && isIntegral(v.decimalValue()));
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "null" -> v.isNull();
            default -> false;
        };
    }

    static boolean isIntegral(BigDecimal d) {
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    /** JSON equality where 1 and 1.0 are the same number. */
    static boolean jsonEquals(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        return a.equals(b);
    }

    static boolean containsEqual(List<JsonNode> values, JsonNode v) {
        for (JsonNode e : values) {
            if (jsonEquals(e, v)) return true;
        }
        return false;
    }
}
