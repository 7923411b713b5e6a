package dev.tern.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the process (Jackson 3 mappers are immutable and thread-safe). */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() { }

    public static JsonNode parse(String json) throws JacksonException { return MAPPER.readTree(json); }

    public static String write(Object value) { return MAPPER.writeValueAsString(value); }

    public static ObjectNode object() { return MAPPER.createObjectNode(); }

    /** A Jackson tree as Tern's own JSON value (the public APIs never expose Jackson types). */
    public static JsonValue toValue(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return JsonNull.INSTANCE;
        if (n.isObject()) {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) m.put(e.getKey(), toValue(e.getValue()));
            return new JsonObject(m);
        }
        if (n.isArray()) {
            List<JsonValue> l = new ArrayList<>(n.size());
            for (JsonNode e : n) l.add(toValue(e));
            return new JsonArray(l);
        }
        if (n.isNumber()) {
            double d = n.doubleValue();
            if (!n.isIntegralNumber() && (Double.isNaN(d) || Double.isInfinite(d))) return JsonNull.INSTANCE;
            return new JsonNumber(n.isIntegralNumber() ? new BigDecimal(n.bigIntegerValue()) : n.decimalValue());
        }
        if (n.isBoolean()) return JsonBool.of(n.booleanValue());
        return new JsonString(n.isString() ? n.stringValue() : n.asString());
    }

    /** A Jackson object tree as a {@link JsonObject}; anything else gives an empty object. */
    public static JsonObject toObject(JsonNode n) {
        return toValue(n) instanceof JsonObject o ? o : JsonObject.EMPTY;
    }

    /** Tern's JSON value as a Jackson tree (for code that binds or validates with Jackson). */
    public static JsonNode toNode(JsonValue v) {
        return switch (v) {
            case null -> MAPPER.nullNode();
            case JsonNull x -> MAPPER.nullNode();
            case JsonBool b -> MAPPER.getNodeFactory().booleanNode(b.value());
            case JsonNumber x -> MAPPER.getNodeFactory().numberNode(x.value());
            case JsonString s -> MAPPER.getNodeFactory().stringNode(s.value());
            case JsonArray a -> {
                ArrayNode out = MAPPER.createArrayNode();
                for (JsonValue e : a.items()) out.add(toNode(e));
                yield out;
            }
            case JsonObject o -> {
                ObjectNode out = MAPPER.createObjectNode();
                o.fields().forEach((k, e) -> out.set(k, toNode(e)));
                yield out;
            }
        };
    }
}
