package dev.tern.model;

import java.util.Objects;

/**
 * A tool as the model sees it. The schema is kept as canonical JSON text, computed once, so that
 * every request carries byte-identical tool definitions (prompt-cache friendly).
 *
 * @param name           the tool name, {@code ^[a-zA-Z0-9_-]{1,64}$}
 * @param description    what the tool does, for the model
 * @param parametersJson the JSON Schema of the arguments object, as compact JSON text
 */
public record ToolSpec(String name, String description, String parametersJson) {
    public ToolSpec {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        parametersJson = parametersJson == null || parametersJson.isBlank()
                ? "{\"type\":\"object\",\"properties\":{}}" : parametersJson;
    }
}
