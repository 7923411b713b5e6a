package dev.tern.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable JSON value: Tern's own small type, so that the tool SPI and other public APIs never
 * expose a JSON library's classes. Objects keep their key order; {@link #toJson()} writes compact
 * JSON, {@link #canonical()} the canonical form used for cache keys.
 */
public sealed interface JsonValue permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBool, JsonNull {

    /** Compact JSON text, keys in their order. */
    default String toJson() { return CanonicalJson.compact(this); }

    /** Canonical JSON text: keys sorted, numbers normalised (see {@link CanonicalJson}). */
    default String canonical() { return CanonicalJson.write(this); }

    /**
     * The value as text: a string's content, a number or boolean as written, null as null (Java),
     * an object or array as its JSON text.
     */
    default String asText() { return toJson(); }

    /** Plain Java: Map (ordered), List, String, BigDecimal, Boolean or null. */
    Object toPlain();

    /** Parses JSON text. @throws IllegalArgumentException with the parser's message when it is not JSON */
    static JsonValue parse(String json) {
        try {
            return Json.toValue(Json.parse(json));
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A value from plain Java (Map, Iterable, array-free; CharSequence, Number, Boolean, null, or a JsonValue). */
    static JsonValue of(Object plain) {
        return switch (plain) {
            case null -> JsonNull.INSTANCE;
            case JsonValue v -> v;
            case CharSequence s -> new JsonString(s.toString());
            case Boolean b -> JsonBool.of(b);
            case BigDecimal d -> new JsonNumber(d);
            case Double d -> d.isNaN() || d.isInfinite() ? JsonNull.INSTANCE : new JsonNumber(BigDecimal.valueOf(d));
            case Float f -> f.isNaN() || f.isInfinite() ? JsonNull.INSTANCE : new JsonNumber(new BigDecimal(f.toString()));
            case Number n -> new JsonNumber(new BigDecimal(n.toString()));
            case Map<?, ?> m -> {
                Map<String, JsonValue> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
                yield new JsonObject(out);
            }
            case Iterable<?> it -> {
                List<JsonValue> out = new ArrayList<>();
                it.forEach(v -> out.add(of(v)));
                yield new JsonArray(out);
            }
            default -> throw new IllegalArgumentException("no JSON form for " + plain.getClass().getName());
        };
    }
}
