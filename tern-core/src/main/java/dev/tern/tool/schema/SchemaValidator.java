package dev.tern.tool.schema;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Validates JSON values against JSON Schemas, compiling each distinct schema text once and keeping
 * up to {@code maxSchemas} compiled schemas. One instance per runtime; thread-safe.
 *
 * <p>Supported keywords (the subset real tools use): {@code type} (a name or an array of names,
 * "integer", "null"; OpenAPI {@code nullable}), {@code properties}, {@code required},
 * {@code additionalProperties} (boolean or schema), {@code enum}, {@code const}, {@code items},
 * {@code minItems}/{@code maxItems}/{@code uniqueItems}, {@code minimum}/{@code maximum}/
 * {@code exclusiveMinimum}/{@code exclusiveMaximum} (draft 4 and 6+ forms), {@code minLength}/
 * {@code maxLength}, {@code pattern}, {@code anyOf}/{@code oneOf}/{@code allOf}, {@code $ref} to
 * {@code #}, {@code #/$defs/…} or {@code #/definitions/…}. Other keywords are ignored.
 *
 * <p>Safe coercions, applied only where the value does not already match: a string holding an
 * integer or number for a numeric field ("5" → 5), "true"/"false" for a boolean, an integral float
 * for an integer (5.0 → 5), a number or boolean for a string field (5 → "5"), a string holding a JSON
 * array or object for an array or object field (double-encoded arguments), and a null for an
 * optional argument that does not allow null (the argument is dropped).
 */
public final class SchemaValidator {

    private final int maxSchemas;
    private final Map<String, CompiledSchema> cache = new ConcurrentHashMap<>();

    public SchemaValidator() { this(1024); }

    public SchemaValidator(int maxSchemas) {
        if (maxSchemas < 1) throw new IllegalArgumentException("maxSchemas must be >= 1");
        this.maxSchemas = maxSchemas;
    }

    /** The compiled form of a schema text, compiled on first use. */
    public CompiledSchema compile(String schemaJson) {
        CompiledSchema c = cache.get(schemaJson);
        if (c != null) return c;
        c = CompiledSchema.compile(schemaJson);
        if (cache.size() >= maxSchemas) evictOne();
        CompiledSchema prev = cache.putIfAbsent(schemaJson, c);
        return prev != null ? prev : c;
    }

    /** Validates with safe coercions. */
    public Validation validate(String schemaJson, JsonNode value) {
        return compile(schemaJson).validate(value);
    }

    /** How many compiled schemas are kept. */
    public int cachedSchemas() { return cache.size(); }

    private void evictOne() {
        Iterator<String> it = cache.keySet().iterator();
        if (it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
