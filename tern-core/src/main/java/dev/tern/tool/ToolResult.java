package dev.tern.tool;

import dev.tern.run.AgentEvent.ToolSource;

/**
 * What a tool returns.
 *
 * @param content the text the model sees
 * @param error   true when the call failed; {@code content} then explains why
 * @param source  how the result was obtained: executed, served from the cache, coalesced with an
 *                identical call in flight, denied by a permission check; interceptors set it
 */
public record ToolResult(String content, boolean error, ToolSource source) {
    public ToolResult {
        content = content == null ? "" : content;
        source = source == null ? ToolSource.EXECUTED : source;
    }

    public ToolResult(String content, boolean error) {
        this(content, error, ToolSource.EXECUTED);
    }

    public static ToolResult ok(String content) { return new ToolResult(content, false); }

    public static ToolResult error(String message) { return new ToolResult(message, true); }

    /** The same result, marked as obtained another way (CACHED, COALESCED, DENIED...). */
    public ToolResult withSource(ToolSource s) { return new ToolResult(content, error, s); }
}
