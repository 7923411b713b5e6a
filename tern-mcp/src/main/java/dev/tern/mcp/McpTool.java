package dev.tern.mcp;

import dev.tern.json.CanonicalJson;
import dev.tern.json.Json;
import dev.tern.model.ToolSpec;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/**
 * One tool of an MCP server, as the model sees it: {@code mcp_<server>_<tool>} with the server's input
 * schema as canonical JSON. Annotations drive policy: {@code readOnlyHint} makes the tool read-only and
 * cacheable (runs in parallel, identical calls are served once); {@link #destructive()} tells the
 * permission check whether to ask. Every tool of a server touches the resource {@code mcp:<server>},
 * so a writing call never overlaps another call to the same server and drops its cached reads.
 */
public final class McpTool implements Tool, dev.tern.cache.DeclaredTtl {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    /** Added to the server's call timeout, so the MCP client's own timeout (with a clearer message) fires first. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private final McpConnection connection;
    private final McpSchema.Tool definition;
    private final ToolSpec spec;
    private final ToolTraits traits;
    private final boolean destructive;

    McpTool(McpConnection connection, McpSchema.Tool definition) {
        this.connection = connection;
        this.definition = definition;
        String description = definition.description() != null ? definition.description()
                : definition.title() != null ? definition.title() : "";
        String schema = definition.inputSchema() == null ? null
                : CanonicalJson.write(Json.MAPPER.<tools.jackson.databind.JsonNode>valueToTree(definition.inputSchema()));
        this.spec = new ToolSpec(McpNames.toolName(connection.name(), definition.name()), description, schema);
        McpSchema.ToolAnnotations a = definition.annotations();
        boolean readOnly = a != null && Boolean.TRUE.equals(a.readOnlyHint());
        // MCP: destructiveHint defaults to true and only means something when the tool is not read-only
        this.destructive = !readOnly && (a == null || a.destructiveHint() == null || a.destructiveHint());
        String resource = "mcp:" + connection.name();
        this.traits = new ToolTraits(readOnly, false, readOnly, connection.callTimeout().plus(MARGIN), args -> resource);
    }

    @Override public ToolSpec spec() { return spec; }

    @Override public ToolTraits traits() { return traits; }

    /** True when the tool may destroy data (MCP {@code destructiveHint}); the permission check asks first. */
    public boolean destructive() { return destructive; }

    /** True when the server says repeated calls with the same arguments have no further effect. */
    public boolean idempotent() {
        McpSchema.ToolAnnotations a = definition.annotations();
        return traits.readOnly() || (a != null && Boolean.TRUE.equals(a.idempotentHint()));
    }

    /** The result TTL the server declares: the tool's own {@code _meta.ttlMs}, else its tools/list answer's; null if none. */
    @Override
    public Duration declaredTtl() {
        Duration own = McpTtl.of(definition.meta());
        return own != null ? own : connection.listTtl();
    }

    /** The server's name for the tool (before prefixing and sanitizing). */
    public String mcpName() { return definition.name(); }

    public String serverName() { return connection.name(); }

    McpSchema.Tool definition() { return definition; }

    @Override
    public ToolResult execute(ToolCallContext call) {
        Map<String, Object> args = call.arguments().toPlain();
        if (!connection.connected()) call.progress("starting MCP server " + connection.name() + "…", -1);
        try {
            return McpResults.toToolResult(connection.call(definition.name(), args, call));
        } catch (McpUnavailableException e) {
            return ToolResult.error(e.getMessage());
        }
    }
}
