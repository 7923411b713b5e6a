package dev.tern.serve.turn;

import dev.tern.model.ToolSpec;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;

/**
 * A function an HTTP client declared in {@code tools}: offered to the model next to the server's tools,
 * never executed here. A call to it ends the run ({@code Outcome.TOOL_CALLS}) and goes back to the client
 * as {@code tool_calls}; the client's next request carries the result.
 */
public record ClientTool(ToolSpec spec) implements Tool {

    @Override public boolean external() { return true; }

    @Override
    public ToolResult execute(ToolCallContext call) {
        throw new IllegalStateException("client tool " + spec.name() + " runs on the client");
    }
}
