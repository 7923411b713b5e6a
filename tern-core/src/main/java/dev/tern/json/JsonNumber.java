package dev.tern.json;

import java.math.BigDecimal;
import java.util.Objects;

/** A JSON number, exact. */
public record JsonNumber(BigDecimal value) implements JsonValue {

    public JsonNumber {
        Objects.requireNonNull(value, "value");
    }

    public static JsonNumber of(long v) { return new JsonNumber(BigDecimal.valueOf(v)); }

    @Override
    public String asText() { return CanonicalJson.number(value); }

    @Override
    public BigDecimal toPlain() { return value; }

    @Override
    public String toString() { return asText(); }
}
