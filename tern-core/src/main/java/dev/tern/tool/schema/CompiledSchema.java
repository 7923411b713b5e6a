package dev.tern.tool.schema;

import dev.tern.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** A JSON Schema parsed once; validating against it allocates only for errors and coercions. Thread-safe. */
public final class CompiledSchema {

    private final String text;
    private final SchemaNode root;

    private CompiledSchema(String text, SchemaNode root) {
        this.text = text;
        this.root = root;
    }

    /**
     * Compiles a schema.
     *
     * @throws IllegalArgumentException when the text is not JSON, or uses a keyword wrongly (an
     *                                  invalid regex, an unresolvable {@code $ref})
     */
    public static CompiledSchema compile(String schemaJson) {
        JsonNode node;
        try {
            node = Json.parse(schemaJson);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("schema is not valid JSON: " + e.getOriginalMessage());
        }
        return new CompiledSchema(schemaJson, SchemaNode.root(node));
    }

    /** The schema text it was compiled from. */
    public String text() { return text; }

    /** Validates with the documented safe coercions (see {@link Validation#value()}). */
    public Validation validate(JsonNode value) {
        return validate(value, true);
    }

    /** Validates; with {@code coerce} false, nothing is coerced and a string "5" is not an integer. */
    public Validation validate(JsonNode value, boolean coerce) {
        List<String> errors = new ArrayList<>(0);
        JsonNode out = new Checker(coerce).check(root, value, "", errors);
        return new Validation(out, errors, out != value);
    }
}
