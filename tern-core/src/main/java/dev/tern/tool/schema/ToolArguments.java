package dev.tern.tool.schema;

import dev.tern.json.JsonRepair;
import dev.tern.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Turns the raw argument text of a tool call into arguments a tool can trust: repairs the JSON if
 * that is safe ({@link JsonRepair}), then validates and coerces it against the tool's schema
 * ({@link SchemaValidator}). The one step the tool executor runs before every call. Thread-safe.
 */
public final class ToolArguments {

    private final SchemaValidator validator;

    public ToolArguments() { this(new SchemaValidator()); }

    public ToolArguments(SchemaValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /**
     * The result of preparing arguments.
     *
     * @param arguments the arguments to pass to the tool (repaired and coerced), or null on error
     * @param error     one line telling the model what is wrong and how to fix it, or null
     * @param repairs   what was repaired in the JSON text (and a note when the tool's schema could not be
     *                  compiled, so the arguments were passed on unvalidated); empty when it was valid
     * @param coerced   true when a value was coerced to its schema type
     */
    public record Prepared(JsonNode arguments, String error, List<String> repairs, boolean coerced) {
        public Prepared {
            repairs = List.copyOf(repairs);
        }

        public boolean ok() { return error == null; }
    }

    public Prepared prepare(ToolSpec spec, String argumentsJson) {
        JsonRepair.Result parsed = JsonRepair.repair(argumentsJson);
        if (!parsed.ok()) {
            return new Prepared(null, "the arguments of " + spec.name() + " are not valid JSON: " + parsed.error()
                    + "; send one JSON object", parsed.repairs(), false);
        }
        JsonNode value = parsed.value();
        List<String> repairs = new ArrayList<>(parsed.repairs());
        if (value.isString()) { // the arguments object sent as a JSON string: decode it once
            JsonRepair.Result inner = JsonRepair.repair(value.asString());
            if (inner.ok() && inner.value().isObject()) {
                value = inner.value();
                repairs.add("decoded the arguments object from a JSON string");
                repairs.addAll(inner.repairs());
            }
        }
        Validation v;
        try {
            v = validator.validate(spec.parametersJson(), value);
        } catch (IllegalArgumentException badSchema) {
            // a tool with a schema we cannot compile (e.g. a third-party MCP server) stays usable, unvalidated
            if (!value.isObject()) {
                return new Prepared(null, "the arguments of " + spec.name() + " must be a JSON object, got "
                        + value.getNodeType().name().toLowerCase(Locale.ROOT), repairs, false);
            }
            repairs.add("not validated: the tool's schema is unusable (" + badSchema.getMessage() + ")");
            return new Prepared(value, null, repairs, false);
        }
        if (!v.ok()) return new Prepared(null, "invalid arguments for " + spec.name() + ": " + v.message(), repairs, false);
        return new Prepared(v.value(), null, repairs, v.coerced());
    }
}
