package dev.tern.mcp.testserver;

import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tern's own MCP test server, run as a child JVM over stdio with the official SDK's server API.
 * Tools: {@code echo}, {@code slow} (sleeps, counts executions in the file named by env
 * {@code COUNT_FILE}), {@code pid}, {@code fail} (isError), {@code crash} (halts the process mid-call),
 * {@code hang} (never returns), {@code progress} (sends progress notifications), {@code add_tool}
 * (adds a tool and notifies {@code tools/list_changed}), {@code wipe} (destructive),
 * {@code structured} (structured + image content).
 */
public final class TestMcpServer {

    private static final String OBJECT = "{\"type\":\"object\"}";
    private static final AtomicInteger EXECUTIONS = new AtomicInteger();

    private TestMcpServer() { }

    public static void main(String[] args) throws Exception {
        JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(JsonMapper.builder().build());
        McpSyncServer[] self = new McpSyncServer[1];
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(mapper))
                .serverInfo("tern-test-server", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(
                        tool(mapper, "echo", "Echoes its text", schema("text", "string"), readOnly(true),
                                (ex, req) -> text("echo: " + req.arguments().get("text"))),
                        tool(mapper, "slow", "Sleeps ms milliseconds and counts the execution",
                                schema("ms", "integer"), readOnly(true), (ex, req) -> {
                                    count(String.valueOf(req.arguments()));
                                    sleep(((Number) req.arguments().getOrDefault("ms", 100)).longValue());
                                    return text("slept " + req.arguments().get("ms") + " ms, execution "
                                            + EXECUTIONS.incrementAndGet());
                                }),
                        tool(mapper, "pid", "Returns the server's process id", OBJECT, readOnly(true),
                                (ex, req) -> text(String.valueOf(ProcessHandle.current().pid()))),
                        tool(mapper, "fail", "Always fails", OBJECT, readOnly(true),
                                (ex, req) -> McpSchema.CallToolResult.builder()
                                        .addTextContent("failed on purpose").isError(true).build()),
                        tool(mapper, "crash", "Kills the server mid-call", OBJECT, null, (ex, req) -> {
                            System.err.println("test server: crashing on purpose");
                            System.err.flush();
                            sleep(100);
                            Runtime.getRuntime().halt(3);
                            return text("unreachable");
                        }),
                        tool(mapper, "hang", "Never returns", OBJECT, readOnly(true), (ex, req) -> {
                            sleep(Long.MAX_VALUE);
                            return text("unreachable");
                        }),
                        tool(mapper, "progress", "Reports progress steps", schema("steps", "integer"), readOnly(true),
                                (ex, req) -> progress(ex, req)),
                        tool(mapper, "add_tool", "Adds a tool named by 'name'", schema("name", "string"),
                                McpSchema.ToolAnnotations.builder().readOnlyHint(false).destructiveHint(false).build(),
                                (ex, req) -> {
                                    String name = String.valueOf(req.arguments().get("name"));
                                    self[0].addTool(tool(mapper, name, "Added at runtime", OBJECT, readOnly(true),
                                            (e2, r2) -> text("I am " + name)));
                                    self[0].notifyToolsListChanged();
                                    return text("added " + name);
                                }),
                        tool(mapper, "wipe", "Deletes everything (pretend)", OBJECT,
                                McpSchema.ToolAnnotations.builder().readOnlyHint(false).destructiveHint(true).build(),
                                (ex, req) -> text("wiped")),
                        tool(mapper, "structured", "Returns structured and image content", OBJECT, readOnly(true),
                                (ex, req) -> McpSchema.CallToolResult.builder()
                                        .addTextContent("summary line")
                                        .addContent(new McpSchema.ImageContent(null, "iVBORw0KGgo=", "image/png"))
                                        .structuredContent(Map.of("b", 2, "a", List.of(1, 2)))
                                        .build()))
                .build();
        self[0] = server;
        new CountDownLatch(1).await();
    }

    private static McpSchema.CallToolResult progress(McpSyncServerExchange ex, McpSchema.CallToolRequest req) {
        int steps = ((Number) req.arguments().getOrDefault("steps", 3)).intValue();
        Object token = req.progressToken();
        for (int i = 1; i <= steps; i++) {
            if (token != null) {
                ex.progressNotification(new McpSchema.ProgressNotification(token, (double) i, (double) steps,
                        "step " + i + " of " + steps));
            }
            sleep(20);
        }
        return text("did " + steps + " steps");
    }

    private static McpSchema.ToolAnnotations readOnly(boolean ro) {
        return McpSchema.ToolAnnotations.builder().readOnlyHint(ro).idempotentHint(ro).build();
    }

    private static String schema(String field, String type) {
        return "{\"type\":\"object\",\"properties\":{\"" + field + "\":{\"type\":\"" + type + "\"}}}";
    }

    private static SyncToolSpecification tool(JacksonMcpJsonMapper mapper, String name, String description,
                                               String schema, McpSchema.ToolAnnotations annotations,
                                               BiFunction<McpSyncServerExchange, McpSchema.CallToolRequest,
                                                       McpSchema.CallToolResult> handler) {
        McpSchema.Tool.Builder b = McpSchema.Tool.builder().name(name).description(description)
                .inputSchema(mapper, schema);
        if (annotations != null) b.annotations(annotations);
        return SyncToolSpecification.builder().tool(b.build()).callHandler(handler).build();
    }

    private static McpSchema.CallToolResult text(String s) {
        return McpSchema.CallToolResult.builder().addTextContent(s).build();
    }

    private static void count(String line) {
        String file = System.getenv("COUNT_FILE");
        if (file == null) return;
        try {
            Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
