package dev.tern.tool;

import dev.tern.agent.RunContext;
import tools.jackson.databind.JsonNode;

/**
 * One tool call being executed.
 *
 * @param callId    the model's call id
 * @param toolName  the tool name
 * @param arguments validated arguments (a JSON object)
 * @param run       the run this call belongs to (workspace, agent name, progress sink, cancellation)
 */
public record ToolCallContext(String callId, String toolName, JsonNode arguments, RunContext run) {

    /** Reports progress of a long-running call to the user's status line. */
    public void progress(String message, double fraction) {
        run.events().toolProgress(callId, toolName, message, fraction);
    }

    public String string(String name) {
        JsonNode n = arguments.get(name);
        return n == null || n.isNull() ? null : n.asString();
    }

    public int integer(String name, int fallback) {
        JsonNode n = arguments.get(name);
        return n == null || n.isNull() ? fallback : n.asInt();
    }
}
