package dev.tern.model;

import java.util.Objects;

/**
 * The result of one tool call, sent back to the model.
 *
 * @param toolCallId the id of the call this answers
 * @param toolName   the tool's name (Anthropic does not need it, logs and sessions do)
 * @param content    the text the model sees
 * @param error      true when the call failed; the content then says why, in words the model can act on
 */
public record ToolResultMessage(String toolCallId, String toolName, String content, boolean error)
        implements Message {

    public ToolResultMessage {
        Objects.requireNonNull(toolCallId, "toolCallId");
        Objects.requireNonNull(toolName, "toolName");
        content = content == null ? "" : content;
    }

    @Override
    public String role() { return "tool"; }
}
