package dev.tern.serve.mcp;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.util.List;

/** Builds Tern's MCP server on a transport (stdio for {@code tern mcp}, Streamable HTTP for {@code /mcp}). */
public final class McpServers {

    private McpServers() { }

    private static final String INSTRUCTIONS = "Tern's agents and workflows as tools: give one a task, it answers;"
            + " pass 'session' to continue a conversation kept by the server.";

    private static String version() {
        String v = McpServers.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    private static McpSchema.ServerCapabilities capabilities() {
        return McpSchema.ServerCapabilities.builder().tools(false).build();
    }

    public static McpSyncServer http(McpStreamableServerTransportProvider transport, List<SyncToolSpecification> tools) {
        return McpServer.sync(transport).serverInfo("tern", version()).instructions(INSTRUCTIONS).capabilities(capabilities())
                .jsonMapper(McpTools.MAPPER).immediateExecution(true).tools(tools).build();
    }

    public static McpSyncServer stdio(McpServerTransportProvider transport, List<SyncToolSpecification> tools) {
        return McpServer.sync(transport).serverInfo("tern", version()).instructions(INSTRUCTIONS).capabilities(capabilities())
                .jsonMapper(McpTools.MAPPER).immediateExecution(true).tools(tools).build();
    }
}
