package dev.tern.json;

/** JSON null. */
public record JsonNull() implements JsonValue {

    public static final JsonNull INSTANCE = new JsonNull();

    @Override
    public String asText() { return null; }

    @Override
    public Object toPlain() { return null; }

    @Override
    public String toString() { return "null"; }
}
