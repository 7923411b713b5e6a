package dev.tern.model;

import java.util.List;

/**
 * A model turn: optional text, zero or more tool calls, and the thinking blocks that some
 * providers (Anthropic extended thinking) require to be sent back verbatim.
 *
 * @param text      the answer text; empty string when the turn holds only tool calls, never null
 * @param toolCalls the tool calls in the model's order; never null
 * @param thinking  thinking blocks in order; never null
 */
public record AssistantMessage(String text, List<ToolCall> toolCalls, List<ThinkingBlock> thinking)
        implements Message {

    public AssistantMessage {
        text = text == null ? "" : text;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        thinking = thinking == null ? List.of() : List.copyOf(thinking);
    }

    public AssistantMessage(String text, List<ToolCall> toolCalls) {
        this(text, toolCalls, List.of());
    }

    public static AssistantMessage ofText(String text) {
        return new AssistantMessage(text, List.of(), List.of());
    }

    public boolean hasToolCalls() { return !toolCalls.isEmpty(); }

    @Override
    public String role() { return "assistant"; }
}
