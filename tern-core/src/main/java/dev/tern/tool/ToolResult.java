package dev.tern.tool;

/**
 * What a tool returns.
 *
 * @param content the text the model sees
 * @param error   true when the call failed; {@code content} then explains why
 */
public record ToolResult(String content, boolean error) {
    public ToolResult {
        content = content == null ? "" : content;
    }

    public static ToolResult ok(String content) { return new ToolResult(content, false); }

    public static ToolResult error(String message) { return new ToolResult(message, true); }
}
