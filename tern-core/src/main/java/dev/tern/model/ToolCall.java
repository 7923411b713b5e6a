package dev.tern.model;

import java.util.Objects;

/**
 * A tool call requested by the model.
 *
 * @param id            the provider's call id (tool results refer to it)
 * @param name          the tool name
 * @param argumentsJson the arguments exactly as the model produced them (may be malformed JSON;
 *                      the tool executor repairs or rejects it, never the provider)
 */
public record ToolCall(String id, String name, String argumentsJson) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        argumentsJson = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
    }
}
