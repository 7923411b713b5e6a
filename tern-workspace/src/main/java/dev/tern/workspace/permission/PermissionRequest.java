package dev.tern.workspace.permission;

import dev.tern.json.JsonObject;

/**
 * A question to the user: may this tool call run?
 *
 * @param tool      the tool's name
 * @param summary   one line describing the call (the command, the path), for the prompt
 * @param arguments the call's arguments
 * @param agent     the agent making the call
 * @param sessionId the session, or null
 * @param mode      the current permission mode
 */
public record PermissionRequest(String tool, String summary, JsonObject arguments, String agent, String sessionId,
                                PermissionMode mode) { }
