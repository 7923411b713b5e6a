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
    private final McpFailures failures;
    private final Set<String> retrying = ConcurrentHashMap.newKeySet();
    private volatile java.util.function.Consumer<String> status = s -> { };
    private volatile boolean closed;
    private final Object updateLock = new Object();
    /** The HTTP client of the servers configured by url: the caller's, or one of our own made on first use. */
    private final SharedHttp http;

    public McpToolset(Map<String, McpServerConfig> servers, McpOptions options) {
        this.options = options;
        this.configs = Map.copyOf(servers);
        this.saved = new ToolListStore(options.toolListDir());
        this.failures = new McpFailures(options.toolListDir());
        this.http = new SharedHttp(options.http());
        for (McpServerConfig c : servers.values()) {
            connections.put(c.name(), new McpConnection(c, options, list -> update(c.name(), list),
                    () -> refreshQuietly(c.name()), http));
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

    /**
     * Where one-line start-up news go ("starting MCP server fs…", "MCP server search unavailable: ...");
     * set before {@link #start}. Default: nowhere.
     */
    public McpToolset onStatus(java.util.function.Consumer<String> sink) {
        this.status = sink == null ? s -> { } : sink;
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
        Optional<McpFailures.Failure> failed = failures.remembered(name, fingerprint(name));
        if (failed.isPresent()) {
            // it was unreachable last time: do not make this run wait for it, try again behind its back
            errors.put(name, failed.get().reason() + " (retrying in the background)");
            status.accept("MCP server " + name + " unavailable last time (" + failed.get().reason()
                    + "): starting without it, retrying in the background");
            retryInBackground(name);
            return;
        }
        status.accept("starting MCP server " + name + "…");
        long t0 = System.nanoTime();
        refreshQuietly(name);
        String error = errors.get(name);
        if (error == null) {
            status.accept(String.format("MCP server %s ready: %d tools in %.1fs", name, tools.getOrDefault(name, List.of()).size(),
                    (System.nanoTime() - t0) / 1e9));
        } else if (failures.enabled()) {
            failures.record(name, fingerprint(name), shortReason(name, error));
            status.accept(error + "; later runs start without it and retry in the background");
            retryInBackground(name);
        } else {
            status.accept(error);
        }
    }

    /** "cannot resolve host x" out of "MCP server 'x' failed to start: cannot resolve host x". */
    private static String shortReason(String name, String error) {
        String prefix = "MCP server '" + name + "' failed to start: ";
        return error.startsWith(prefix) ? error.substring(prefix.length()) : error;
    }

    /** True while a server that failed is being retried in the background. */
    public boolean retrying(String server) { return retrying.contains(server); }

    /** Retries a failed server with backoff (1 s, 2 s, 4 s ... up to the options' maximum) until it answers or the toolset closes. */
    private void retryInBackground(String name) {
        if (!retrying.add(name)) return;
        Thread.ofVirtual().name("mcp-retry-" + name).start(() -> {
            try {
                long waitMs = 0;
                while (!closed) {
                    if (waitMs > 0) Thread.sleep(waitMs);
                    if (closed) return;
                    try {
                        refresh(name);
                        failures.forget(name);
                        status.accept("MCP server " + name + " is back: " + tools.getOrDefault(name, List.of()).size() + " tools");
                        return;
                    } catch (McpUnavailableException | RuntimeException e) {
                        String m = e.getMessage() == null ? e.toString() : e.getMessage();
                        errors.put(name, m + " (retrying in the background)");
                        if (!m.contains("next attempt in")) failures.record(name, fingerprint(name), shortReason(name, m));
                    }
                    waitMs = Math.min(Math.max(1000, waitMs * 2), options.maxBackoff().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                retrying.remove(name);
            }
        });
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
            // reported by servers() and the status sink; a log line would say it twice
            LOG.log(Level.FINE, e.getMessage());
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
        closed = true;
        List<Thread> threads = new ArrayList<>();
        for (McpConnection c : connections.values()) threads.add(Thread.ofVirtual().start(c::close));
        try {
            for (Thread t : threads) t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            http.close();
        }
    }
}
