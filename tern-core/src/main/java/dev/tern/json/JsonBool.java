package dev.tern.json;

/** A JSON boolean. */
public record JsonBool(boolean value) implements JsonValue {

    public static final JsonBool TRUE = new JsonBool(true);
    public static final JsonBool FALSE = new JsonBool(false);

    public static JsonBool of(boolean v) { return v ? TRUE : FALSE; }

    @Override
    public String asText() { return Boolean.toString(value); }

    @Override
    public Boolean toPlain() { return value; }

    @Override
    public String toString() { return asText(); }
}
