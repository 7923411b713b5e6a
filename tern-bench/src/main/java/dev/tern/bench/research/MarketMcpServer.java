package dev.tern.bench.research;

import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.json.JsonMapper;

/**
 * The small MCP server of the research demo and benchmark (seed 004's market lookups), on the official
 * MCP Java SDK over stdio: {@code get_profile}, {@code get_financials}, {@code get_news},
 * {@code get_ratings}, each taking {@code symbol}, answering deterministic made-up data after a
 * configurable latency. Every tool is read-only and idempotent (so Tern caches and coalesces it). Each
 * execution appends one line to the file named by env {@code COUNT_FILE}, so the real executions can
 * be counted from outside. Env {@code LATENCY_MS} (default 1000) sets the latency.
 */
public final class MarketMcpServer {

    /** The tools, in the order the analysts call them. */
    public static final List<String> TOOLS = List.of("get_profile", "get_financials", "get_news", "get_ratings");

    private MarketMcpServer() { }

    public static void main(String[] args) throws Exception {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        long latency = Long.parseLong(System.getenv().getOrDefault("LATENCY_MS", "1000"));
        String countFile = System.getenv("COUNT_FILE");
        JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(JsonMapper.builder().build());
        List<SyncToolSpecification> tools = new java.util.ArrayList<>();
        for (String tool : TOOLS) tools.add(lookup(mapper, tool, latency, countFile));
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(mapper))
                .serverInfo("tern-market-demo", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tools)
                .build();
        new CountDownLatch(1).await();
        server.close();
    }

    private static SyncToolSpecification lookup(JacksonMcpJsonMapper mapper, String name, long latency, String countFile) {
        String schema = "{\"type\":\"object\",\"properties\":{\"symbol\":{\"type\":\"string\",\"description\":\"ticker, e.g. ACME\"}},"
                + "\"required\":[\"symbol\"]}";
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(describe(name)).inputSchema(mapper, schema)
                .annotations(McpSchema.ToolAnnotations.builder().readOnlyHint(true).idempotentHint(true).destructiveHint(false).build())
                .build();
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, req) -> {
            String symbol = String.valueOf(req.arguments().getOrDefault("symbol", "?")).toUpperCase(Locale.ROOT);
            count(countFile, name + " " + symbol);
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return McpSchema.CallToolResult.builder().addTextContent(data(name, symbol)).build();
        }).build();
    }

    private static String describe(String name) {
        return switch (name) {
            case "get_profile" -> "Company profile: sector, employees, headquarters";
            case "get_financials" -> "Latest annual financials: revenue, margin, debt";
            case "get_news" -> "Headlines of the last week";
            default -> "Analyst ratings and price targets";
        };
    }

    /** Made-up but stable data, different per symbol. */
    static String data(String tool, String symbol) {
        int h = Math.abs(symbol.hashCode());
        return switch (tool) {
            case "get_profile" -> symbol + ": sector Industrial Software, " + (1000 + h % 9000) + " employees, HQ Rotterdam";
            case "get_financials" -> symbol + ": revenue $" + (1 + h % 50) + "." + (h % 10) + "B, operating margin " + (5 + h % 30)
                    + "%, net debt $" + (h % 7) + "B";
            case "get_news" -> symbol + ": 'new plant opens' (Mon), 'CFO to step down' (Wed), 'record orders' (Fri)";
            default -> symbol + ": 7 buy, 3 hold, 1 sell; median target $" + (50 + h % 200);
        };
    }

    private static synchronized void count(String file, String line) {
        if (file == null) return;
        try {
            Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot count the execution in " + file, e);
        }
    }
}
