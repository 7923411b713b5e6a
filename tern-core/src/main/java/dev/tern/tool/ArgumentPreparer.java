package dev.tern.tool;

import dev.tern.json.Json;
import dev.tern.json.JsonObject;
import dev.tern.tool.schema.ToolArguments;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns the arguments text a model produced into the JSON object a tool receives, or explains to
 * the model what is wrong with it. The executor calls it once per call, before any interceptor, so
 * the cache keys and permission checks see the same, cleaned arguments.
 */
@FunctionalInterface
public interface ArgumentPreparer {

    /** Strict JSON parsing, no schema validation: the minimal preparer. */
    ArgumentPreparer STRICT = (tool, json) -> {
        try {
            JsonNode n = Json.parse(json);
            if (!n.isObject()) return Prepared.problem("arguments must be a JSON object, got " + n.getNodeType());
            return Prepared.ok(Json.toObject(n));
        } catch (JacksonException e) {
            return Prepared.problem("the arguments of " + tool.name() + " are not valid JSON ("
                    + e.getOriginalMessage() + "); send them again as one JSON object");
        }
    };

    /**
     * The default: repairs malformed JSON when that is safe, validates against the tool's schema
     * with safe coercion ("5" for an integer), and explains anything else to the model.
     */
    static ArgumentPreparer validating() {
        ToolArguments args = new ToolArguments();
        return (tool, json) -> {
            ToolArguments.Prepared p = args.prepare(tool.spec(), json);
            return p.ok() ? Prepared.ok(Json.toObject(p.arguments())) : Prepared.problem(p.error());
        };
    }

    Prepared prepare(Tool tool, String argumentsJson);

    /**
     * The prepared arguments, or the problem (one line for the model) when they are unusable.
     *
     * @param arguments the arguments object; null iff {@code problem} is set
     * @param problem   what is wrong, or null
     */
    record Prepared(JsonObject arguments, String problem) {
        public static Prepared ok(JsonObject args) { return new Prepared(args, null); }

        public static Prepared problem(String p) { return new Prepared(null, p); }
    }
}
