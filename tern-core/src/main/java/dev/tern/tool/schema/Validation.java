package dev.tern.tool.schema;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of validating arguments.
 *
 * @param value   the validated value, with the documented safe coercions applied ("5" → 5 for an
 *                integer, "true" → true, nulls of optional arguments dropped); the input itself when
 *                nothing was coerced. Never null.
 * @param errors  one actionable sentence per problem, in document order; empty when valid
 * @param coerced true when {@code value} differs from the input
 */
public record Validation(JsonNode value, List<String> errors, boolean coerced) {

    public Validation {
        errors = List.copyOf(errors);
    }

    public boolean ok() { return errors.isEmpty(); }

    /** All errors as one line for the model; empty when valid. */
    public String message() { return String.join("; ", errors); }
}
