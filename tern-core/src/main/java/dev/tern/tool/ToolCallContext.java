package dev.tern.tool;

import dev.tern.json.JsonObject;
import dev.tern.run.RunContext;

/**
 * One tool call being executed.
 *
 * @param callId    the model's call id
 * @param toolName  the tool name
 * @param arguments validated arguments (a JSON object; Tern's own JSON type, no library types)
 * @param run       the run this call belongs to (workspace, agent name, progress sink, cancellation)
 */
public record ToolCallContext(String callId, String toolName, JsonObject arguments, RunContext run) {

    public ToolCallContext {
        arguments = arguments == null ? JsonObject.EMPTY : arguments;
    }

    /** Reports progress of a long-running call to the user's status line. */
    public void progress(String message, double fraction) {
        run.events().toolProgress(callId, toolName, message, fraction);
    }

    /** The argument as text, or null when absent. */
    public String string(String name) { return arguments.string(name); }

    public int integer(String name, int fallback) { return arguments.integer(name, fallback); }

    public boolean bool(String name, boolean fallback) { return arguments.bool(name, fallback); }
}
