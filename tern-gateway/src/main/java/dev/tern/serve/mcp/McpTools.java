package dev.tern.serve.mcp;

import dev.tern.cancel.Cancellation;
import dev.tern.json.Json;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import dev.tern.run.RunContext;
import dev.tern.run.RunResult;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.serve.observe.RequestTrace;
import dev.tern.serve.observe.Telemetry;
import dev.tern.serve.turn.Responder;
import dev.tern.serve.turn.Responders;
import dev.tern.serve.turn.Turn;
import dev.tern.serve.turn.TurnService;
import dev.tern.tool.Tool;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tern as MCP tools: each agent and workflow of the workspace is a tool (input: the task, and optionally a
 * session to continue; output: the answer), with progress notifications while it runs (model calls and tool
 * calls, when the client sent a progress token); the workspace's own tools too when {@code serve.mcp.exposeTools}
 * is on. Every call is an ordinary turn through the {@link TurnService}, in the caller's workspace.
 */
public final class McpTools {

    /** The one JSON mapper of the MCP server side. */
    public static final McpJsonMapper MAPPER = new JacksonMcpJsonMapper(JsonMapper.builder().build());

    private static final String SCHEMA = """
            {"type": "object", "properties": {
              "task": {"type": "string", "description": "what to do, in plain words"},
              "session": {"type": "string", "description": "optional: a session id to continue (the server keeps the conversation)"}},
             "required": ["task"]}""";

    /** Where a call runs: the caller's workspace and the trace of the request that carried it. */
    public record Target(WorkspaceRuntime space, RequestTrace trace) { }

    private final Responders responders;
    private final TurnService turns;
    private final Telemetry telemetry;
    private final Function<McpSyncServerExchange, Target> target;

    /**
     * @param target where a call runs (the caller of an HTTP request, or the served workspace over stdio)
     */
    public McpTools(Responders responders, TurnService turns, Telemetry telemetry, Function<McpSyncServerExchange, Target> target) {
        this.responders = responders;
        this.turns = turns;
        this.telemetry = telemetry;
        this.target = target;
    }

    /** MCP tool name of a responder: {@code tern}, {@code agent_<name>}, {@code workflow_<name>}. */
    public static String toolName(String model) {
        String n = model.startsWith("tern:agent/") ? "agent_" + model.substring(11)
                : model.startsWith("tern:workflow/") ? "workflow_" + model.substring(14) : model;
        return n.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** The tools of {@code space}: its responders, then (when {@code exposeTools}) its own tools. */
    public List<SyncToolSpecification> specifications(WorkspaceRuntime space, boolean exposeTools) {
        List<SyncToolSpecification> out = new ArrayList<>();
        for (Responder r : responders.list(space)) {
            McpSchema.Tool tool = McpSchema.Tool.builder().name(toolName(r.model())).title(r.model())
                    .description("Ask " + r.model() + " (" + r.description() + "): give it a task, get its answer.")
                    .inputSchema(MAPPER, SCHEMA).build();
            out.add(SyncToolSpecification.builder().tool(tool).callHandler((ex, req) -> ask(r.model(), ex, req)).build());
        }
        if (exposeTools) {
            for (Tool t : space.tools().tools()) {
                ToolSpec s = t.spec();
                McpSchema.Tool tool = McpSchema.Tool.builder().name(s.name()).description(s.description())
                        .inputSchema(MAPPER, s.parametersJson()).build();
                out.add(SyncToolSpecification.builder().tool(tool).callHandler((ex, req) -> runTool(s.name(), ex, req)).build());
            }
        }
        return out;
    }

    private McpSchema.CallToolResult ask(String model, McpSyncServerExchange ex, McpSchema.CallToolRequest req) {
        Object taskArg = req.arguments() == null ? null : req.arguments().get("task");
        if (!(taskArg instanceof String task) || task.isBlank()) return error("'task' (a non-empty string) is required");
        Object sessionArg = req.arguments().get("session");
        String session = sessionArg instanceof String s && !s.isBlank() ? s : null;
        Target t = target.apply(ex);
        Responder r = responders.find(t.space(), model).orElse(null);
        if (r == null) return error("no longer offered: " + model);
        Object token = req.meta() == null ? null : req.meta().get("progressToken");
        List<AgentListener> listeners = new ArrayList<>();
        listeners.add(telemetry.turn(t.trace(), t.space().gateway().providerFor(t.space().model()).name(), session));
        if (token != null) listeners.add(progress(ex, token));
        try {
            RunResult result = turns.run(t.space(), r, new Turn(session, List.of(), task, List.of(), List.of(), null, "mcp", null,
                    Turn.Options.NONE, listeners, Cancellation.create()));
            if (!result.completed()) return error(result.outcome().name().toLowerCase() + ": " + result.reason());
            return McpSchema.CallToolResult.builder().addTextContent(result.text()).isError(false).build();
        } catch (RuntimeException e) {
            return error(e.getMessage());
        }
    }

    /** Progress notifications: one per model call and tool call, the count always rising. */
    private static AgentListener progress(McpSyncServerExchange ex, Object token) {
        AtomicInteger step = new AtomicInteger();
        return e -> {
            String message = switch (e) {
                case AgentEvent.ModelRequested m -> "thinking (" + m.model() + ", call " + m.iteration() + ")";
                case AgentEvent.ToolStarted s -> "running " + s.tool();
                case AgentEvent.ToolFinished f -> f.tool() + " done in " + f.elapsed().toMillis() + " ms";
                default -> null;
            };
            if (message == null) return;
            synchronized (step) { // numbered and sent in one order, even from tools' threads
                try {
                    ex.progressNotification(new McpSchema.ProgressNotification(token, step.incrementAndGet(), null, message));
                } catch (RuntimeException ignored) {
                    // a client that went away does not stop the turn here; its request's end will
                }
            }
        };
    }

    private McpSchema.CallToolResult runTool(String name, McpSyncServerExchange ex, McpSchema.CallToolRequest req) {
        Target t = target.apply(ex);
        String args = Json.write(req.arguments() == null ? Map.of() : req.arguments());
        List<ToolResultMessage> results = t.space().executor().executeAll(List.of(new ToolCall("mcp-" + UUID.randomUUID(), name, args)),
                t.space().tools(), RunContext.standalone(t.space().workspace()));
        ToolResultMessage m = results.getFirst();
        return McpSchema.CallToolResult.builder().addTextContent(m.content()).isError(m.error()).build();
    }

    private static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder().addTextContent(message == null ? "failed" : message).isError(true).build();
    }
}
