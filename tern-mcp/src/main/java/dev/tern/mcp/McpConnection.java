package dev.tern.mcp;

import dev.tern.http.HttpTransport;
import dev.tern.tool.ToolCallContext;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransportSessionNotFoundException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one long-lived session with one MCP server. Connects on first use; when the session breaks
 * (process died, connection lost) it is dropped and the next call reconnects. Repeated failures to
 * connect back off exponentially (0, 1 s, 2 s, ... up to {@code maxBackoff}) so a broken server costs
 * one fast error per call, not a hang. Thread-safe: calls share the session concurrently.
 */
final class McpConnection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(McpConnection.class.getName());
    private static final McpJsonMapper MAPPER = new JacksonMcpJsonMapper(JsonMapper.builder().build());

    private final McpServerConfig config;
    private final McpOptions options;
    private final Duration callTimeout;
    private final Consumer<List<McpSchema.Tool>> onToolsChanged;
    private final Runnable onConnected;
    private final Supplier<HttpTransport> http;
    private final ServerLog log;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ToolCallContext> progressTargets = new ConcurrentHashMap<>();
    private final Map<String, double[]> progressSeen = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private volatile McpSession session;
    /** The TTL the server declared for its tools' results in its last tools/list answer ({@code _meta.ttlMs}), or null. */
    private volatile java.time.Duration listTtl;
    private volatile boolean closed;
    private int failures;
    private long retryAtNanos;
    private String lastError;

    /**
     * @param onToolsChanged receives the new tool list after the server says {@code tools/list_changed}
     * @param onConnected    runs (on a virtual thread) after a tool call opened a new session, so the
     *                       toolset can re-list the tools of a lazily started or restarted server
     * @param http           the HTTP client for a server configured by {@code url} (asked for on connect)
     */
    McpConnection(McpServerConfig config, McpOptions options, Consumer<List<McpSchema.Tool>> onToolsChanged,
                  Runnable onConnected, Supplier<HttpTransport> http) {
        this.config = config;
        this.http = http;
        this.onConnected = onConnected;
        this.options = options;
        this.callTimeout = config.timeout() != null ? config.timeout() : options.callTimeout();
        this.onToolsChanged = onToolsChanged;
        Path logFile = options.logDir() == null ? null
                : options.logDir().resolve("mcp-" + McpNames.sanitize(config.name()) + ".log");
        this.log = new ServerLog(logFile);
    }

    String name() { return config.name(); }

    java.time.Duration listTtl() { return listTtl; }

    Duration callTimeout() { return callTimeout; }

    /** How many sessions were opened so far (1 + reconnects). */
    long connects() { return connects.get(); }

    boolean connected() { return session != null; }

    /** Lists the server's tools (all pages), connecting first if needed. */
    List<McpSchema.Tool> listTools() throws McpUnavailableException {
        for (int attempt = 0; ; attempt++) {
            McpSession s = session(false);
            try {
                return list(s);
            } catch (RuntimeException e) {
                if (attempt == 0 && renew(s, e)) continue;
                throw failed(s, e, "listing tools");
            }
        }
    }

    private List<McpSchema.Tool> list(McpSession s) {
        return s.request(() -> {
            List<McpSchema.Tool> all = new ArrayList<>();
            McpSchema.ListToolsResult page = s.client.listTools();
            listTtl = McpTtl.of(page.meta());
            all.addAll(page.tools());
            while (page.nextCursor() != null && !page.nextCursor().isBlank()) {
                page = s.client.listTools(page.nextCursor());
                all.addAll(page.tools());
            }
            return all;
        });
    }

    /**
     * True when the server forgot the session before it saw this request (HTTP 404 to a request with
     * the session id): the session is dropped, and the request may go once more, on a new session.
     */
    private boolean renew(McpSession s, RuntimeException e) {
        if (!sessionExpired(e) || Thread.currentThread().isInterrupted()) return false;
        LOG.fine(() -> "MCP server '" + config.name() + "' forgot its session: reconnecting");
        drop(s);
        return true;
    }

    static boolean sessionExpired(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof McpTransportSessionNotFoundException) return true;
        }
        return false;
    }

    /**
     * Calls one tool. Progress notifications the server sends for this call go to {@code call.progress}.
     *
     * @throws McpUnavailableException when the server cannot be reached or the session broke; the
     *                                 message is one line the model can read
     */
    McpSchema.CallToolResult call(String tool, Map<String, Object> arguments, ToolCallContext call)
            throws McpUnavailableException {
        String token = McpNames.sanitize(config.name()) + "-" + tokens.incrementAndGet();
        if (call != null) progressTargets.put(token, call);
        try {
            McpSchema.CallToolRequest request = McpSchema.CallToolRequest.builder().name(tool).arguments(arguments)
                    .progressToken(token).build();
            for (int attempt = 0; ; attempt++) {
                McpSession s = session(true);
                try {
                    return s.request(() -> s.client.callTool(request), callTimeout);
                } catch (RuntimeException e) {
                    if (attempt == 0 && renew(s, e)) continue;
                    throw failed(s, e, "calling " + tool);
                }
            }
        } finally {
            progressTargets.remove(token);
            progressSeen.remove(token);
        }
    }

    private McpUnavailableException failed(McpSession s, RuntimeException e, String what) {
        if (e instanceof McpError err) {
            // the server answered with a JSON-RPC error: the session is fine
            return new McpUnavailableException("MCP server '" + config.name() + "' rejected " + what + ": "
                    + oneLine(err.getMessage()), false);
        }
        if (Thread.currentThread().isInterrupted()) {
            // our caller gave up (the executor's timeout, a cancelled run): the session may be fine
            return new McpUnavailableException("MCP server '" + config.name() + "': " + what + " was cancelled", false);
        }
        String reason;
        boolean alive;
        if (e instanceof McpSession.LostException || sessionExpired(e)) {
            alive = false;
            reason = "failed: " + (e instanceof McpSession.LostException ? e.getMessage() : describe(e));
        } else {
            alive = healthy(s); // a hanging or failing tool does not mean a dead server
            reason = isTimeout(e)
                    ? "timed out after " + callTimeout.toMillis() + " ms" + (alive ? "" : "; the server stopped responding")
                    : "failed: " + describe(e);
        }
        if (!alive) drop(s);
        String tail = log.tail();
        return new McpUnavailableException("MCP server '" + config.name() + "' " + what + " " + reason
                + (alive ? "" : "; it will be restarted on the next call")
                + (tail.isEmpty() ? "" : " (stderr: " + tail + ")"), !alive);
    }

    /** A quick ping on the same session: a hanging tool does not mean a dead server. */
    private boolean healthy(McpSession s) {
        if (s.lost() != null || !s.processAlive()) return false;
        java.util.concurrent.atomic.AtomicBoolean ok = new java.util.concurrent.atomic.AtomicBoolean();
        Thread probe = Thread.ofVirtual().start(() -> {
            try {
                s.client.ping();
                ok.set(true);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "ping failed", e);
            }
        });
        try {
            probe.join(Duration.ofSeconds(2));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        return ok.get() && session == s;
    }

    private McpSession session(boolean announce) throws McpUnavailableException {
        McpSession s = session;
        if (s != null) return s;
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpUnavailableException("MCP server '" + config.name() + "': cancelled while it was starting", false);
        }
        try {
            if (closed) throw new McpUnavailableException("MCP server '" + config.name() + "' is shut down", false);
            if (session != null) return session;
            long now = System.nanoTime();
            if (failures > 0 && now - retryAtNanos < 0) {
                long waitMs = Math.max(1, (retryAtNanos - now) / 1_000_000);
                throw new McpUnavailableException("MCP server '" + config.name() + "' is unavailable (" + lastError
                        + "); next attempt in " + waitMs + " ms", false);
            }
            try {
                s = connect();
                session = s;
                failures = 0;
                connects.incrementAndGet();
                if (announce) Thread.ofVirtual().name("mcp-relist-" + config.name()).start(onConnected);
                return s;
            } catch (RuntimeException e) {
                failures++;
                lastError = e instanceof McpSession.LostException ? e.getMessage() : describe(e);
                String tail = log.tail();
                if (!tail.isEmpty()) lastError += " (stderr: " + tail + ")";
                retryAtNanos = System.nanoTime() + backoff(failures).toNanos();
                throw new McpUnavailableException("MCP server '" + config.name() + "' failed to start: " + lastError, true);
            }
        } finally {
            lock.unlock();
        }
    }

    Duration backoff(int failureCount) {
        if (failureCount <= 1) return Duration.ZERO;
        long ms = 1000L << Math.min(failureCount - 2, 20);
        return ms >= options.maxBackoff().toMillis() ? options.maxBackoff() : Duration.ofMillis(ms);
    }

    private McpSession connect() {
        McpClientTransport transport = switch (config) {
            case McpServerConfig.Stdio s -> stdio(s);
            case McpServerConfig.Http h -> http(h);
        };
        McpSyncClient c = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("tern", "0.1.0"))
                // the handshake and listing may take the start-up time; each tool call has its own timeout (call())
                .requestTimeout(requestTimeout())
                .initializationTimeout(options.initTimeout())
                .capabilities(McpSchema.ClientCapabilities.builder().build())
                .toolsChangeConsumer(this::toolsChanged)
                .progressConsumer(this::progress)
                .build();
        McpSession s = new McpSession(c);
        s.watch(transport, options.initTimeout(), this::drop);
        try {
            s.request(c::initialize);
            return s;
        } catch (RuntimeException e) {
            s.lose("failed to start");
            closeQuietly(c);
            throw e;
        }
    }

    private McpClientTransport stdio(McpServerConfig.Stdio s) {
        if (!Commands.resolvable(s.command(), s.cwd())) {
            throw new IllegalArgumentException("command not found: " + s.command());
        }
        ServerParameters params = ServerParameters.builder(s.command()).args(s.args()).env(s.env()).build();
        log.started(s.command() + " " + String.join(" ", s.args()));
        StdioClientTransport t = new StdioClientTransport(params, MAPPER) {
            @Override
            protected ProcessBuilder getProcessBuilder() {
                ProcessBuilder pb = new ProcessBuilder();
                if (s.cwd() != null) pb.directory(s.cwd().toFile());
                return pb;
            }
        };
        t.setStdErrorHandler(log::line);
        return t;
    }

    /** Streamable HTTP on the toolset's (or the process's) one {@link dev.tern.http.HttpTransport}. */
    private McpClientTransport http(McpServerConfig.Http h) {
        return new StreamableHttpTransport(http.get(), URI.create(h.url()), h.headers(), MAPPER, requestTimeout());
    }

    /** The SDK's per-request bound: the handshake and listing may take the start-up time, a call its own timeout. */
    private Duration requestTimeout() {
        return callTimeout.compareTo(options.initTimeout()) > 0 ? callTimeout : options.initTimeout();
    }

    private void toolsChanged(List<McpSchema.Tool> tools) {
        try {
            onToolsChanged.accept(tools);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "refreshing tools of MCP server '" + config.name() + "' failed", e);
        }
    }

    private void progress(McpSchema.ProgressNotification n) {
        String token = String.valueOf(n.progressToken());
        ToolCallContext target = progressTargets.get(token);
        if (target == null) return;
        // the SDK may deliver notifications out of order; MCP progress only increases, so a lower
        // value is stale and is dropped: the user's status line never goes backwards
        double value = n.progress() == null ? 0 : n.progress();
        double[] last = progressSeen.computeIfAbsent(token, k -> new double[] {Double.NEGATIVE_INFINITY});
        synchronized (last) {
            if (value <= last[0]) return;
            last[0] = value;
        }
        double total = n.total() == null ? 0 : n.total();
        double fraction = total > 0 && n.progress() != null ? Math.min(1, n.progress() / total) : -1;
        String message = n.message() != null ? n.message()
                : total > 0 ? String.format("%.0f/%.0f", n.progress(), total) : String.valueOf(n.progress());
        target.progress(message, fraction);
    }

    /** Forgets a broken session (only if it is still the current one) and stops it. */
    private void drop(McpSession s) {
        s.lose("the session was dropped");
        lock.lock();
        try {
            if (session == s) session = null;
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().start(() -> closeQuietly(s.client));
    }

    private static void closeQuietly(McpSyncClient c) {
        try {
            if (!c.closeGracefully()) c.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing MCP client", e);
        }
    }

    @Override
    public void close() {
        McpSession s;
        lock.lock();
        try {
            closed = true;
            s = session;
            session = null;
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.lose("the toolset was closed");
            closeQuietly(s.client);
        }
        log.close();
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException) return true;
            String m = t.getMessage();
            if (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("timeout")) return true;
        }
        return false;
    }

    /** The failure in words a user can act on ("cannot resolve host mcp.example.com"): see {@link McpErrors}. */
    private String describe(Throwable e) { return McpErrors.describe(e, config); }

    static String oneLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
