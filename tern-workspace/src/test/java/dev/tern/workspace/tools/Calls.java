package dev.tern.workspace.tools;

import dev.tern.json.JsonObject;

import dev.tern.run.RunContext;
import dev.tern.json.Json;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import java.nio.file.Path;

/** Runs a tool the way the executor does, from JSON arguments. */
public final class Calls {

    private Calls() { }

    public static ToolCallContext context(Tool tool, String argsJson, Path workspace) {
        return new ToolCallContext("call-1", tool.name(), JsonObject.parse(argsJson), RunContext.standalone(workspace));
    }

    public static ToolResult run(Tool tool, String argsJson) throws Exception {
        return tool.execute(context(tool, argsJson, null));
    }

    /** JSON string literal. */
    public static String q(String s) { return Json.write(s); }
}
