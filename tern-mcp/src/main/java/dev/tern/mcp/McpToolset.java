package dev.tern.mcp;

import dev.tern.json.CanonicalJson;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolRegistry;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The MCP servers of a runtime and their tools. One long-lived session per server (see
 * {@link McpConnection}); tools appear as {@code mcp_<server>_<tool>} in every {@link ToolRegistry}
 * they were registered into, and follow the server's {@code tools/list_changed} notifications. A
 * server that fails to start or crashes affects only its own tools: their calls get error results,
 * every other server keeps working.
 */
public final class McpToolset implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(McpToolset.class.getName());

    /** What {@code /servers} shows about one server. */
    public record ServerStatus(String name, String transport, boolean connected, int tools, long connects,
                               String error) { }

    private final McpOptions options;
    private final Map<String, McpConnection> connections = new LinkedHashMap<>();
    private final Map<String, McpServerConfig> configs;
    private final Map<String, List<McpTool>> tools = new ConcurrentHashMap<>();
    private final Map<String, String> errors = new ConcurrentHashMap<>();
    private final List<ToolRegistry> registries = new CopyOnWriteArrayList<>();
    private final ToolListStore saved;
    private final Object updateLock = new Object();

    public McpToolset(Map<String, McpServerConfig> servers, McpOptions options) {
        this.options = options;
        this.configs = Map.copyOf(servers);
        this.saved = new ToolListStore(options.toolListDir());
        for (McpServerConfig c : servers.values()) {
            connections.put(c.name(), new McpConnection(c, options, list -> update(c.name(), list),
                    () -> refreshQuietly(c.name())));
        }
    }

    /**
     * Gets every server's tool list, all servers in parallel. Eager: connects each server and lists its
     * tools. Lazy: uses the list saved by an earlier run (the server starts on its first call) and
     * connects only servers without one. Servers that fail are reported by {@link #servers()}, never thrown.
     */
    public McpToolset start() {
        List<Thread> threads = new ArrayList<>();
        for (String name : connections.keySet()) {
            threads.add(Thread.ofVirtual().name("mcp-start-" + name).start(() -> startOne(name)));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return this;
    }

    private void startOne(String name) {
        if (!options.eager()) {
            Optional<List<McpSchema.Tool>> list = saved.load(name, fingerprint(name));
            if (list.isPresent()) {
                update(name, list.get());
                return;
            }
        }
        refreshQuietly(name);
    }

    /** Lists the tools of {@code server} now (connecting if needed) and updates the registries. */
    public void refresh(String server) throws McpUnavailableException {
        McpConnection c = connections.get(server);
        if (c == null) throw new IllegalArgumentException("no MCP server named '" + server + "'");
        update(server, c.listTools());
        errors.remove(server);
    }

    private void refreshQuietly(String server) {
        try {
            refresh(server);
        } catch (McpUnavailableException | RuntimeException e) {
            errors.put(server, e.getMessage() == null ? e.toString() : e.getMessage());
            LOG.log(Level.WARNING, e.getMessage());
        }
    }

    /** Registers the current tools into {@code registry} and keeps it updated on tool-list changes. */
    public int registerInto(ToolRegistry registry) {
        registries.add(registry);
        List<McpTool> all = tools();
        registry.registerAll(all);
        return all.size();
    }

    /** All tools of all servers, in server order. */
    public List<McpTool> tools() {
        List<McpTool> all = new ArrayList<>();
        for (String name : connections.keySet()) all.addAll(tools.getOrDefault(name, List.of()));
        return all;
    }

    public List<ServerStatus> servers() {
        List<ServerStatus> out = new ArrayList<>();
        connections.forEach((name, c) -> out.add(new ServerStatus(name,
                configs.get(name) instanceof McpServerConfig.Http ? "http" : "stdio",
                c.connected(), tools.getOrDefault(name, List.of()).size(), c.connects(), errors.get(name))));
        return out;
    }

    private void update(String server, List<McpSchema.Tool> definitions) {
        McpConnection c = connections.get(server);
        List<McpTool> next = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (McpSchema.Tool d : definitions) {
            McpTool t = new McpTool(c, d);
            if (names.add(t.name())) next.add(t);
            else LOG.warning("MCP server '" + server + "': tool '" + d.name() + "' maps to the same name as another tool, skipped");
        }
        synchronized (updateLock) {
            List<McpTool> before = tools.put(server, List.copyOf(next));
            if (before != null && sameDefinitions(before, next)) return;
            String prefix = McpNames.prefix(server);
            for (ToolRegistry r : registries) {
                r.registerAll(next);
                r.unregisterIf(n -> n.startsWith(prefix) && !names.contains(n) && isOurs(r, n, server));
            }
        }
        saved.save(server, fingerprint(server), definitions);
    }

    private static boolean isOurs(ToolRegistry r, String name, String server) {
        Optional<Tool> t = r.find(name);
        return t.isPresent() && t.get() instanceof McpTool m && m.serverName().equals(server);
    }

    private static boolean sameDefinitions(List<McpTool> a, List<McpTool> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).definition().equals(b.get(i).definition())) return false;
        }
        return true;
    }

    private String fingerprint(String server) {
        return CanonicalJson.sha256Hex(String.valueOf(configs.get(server)));
    }

    @Override
    public void close() {
        List<Thread> threads = new ArrayList<>();
        for (McpConnection c : connections.values()) threads.add(Thread.ofVirtual().start(c::close));
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
