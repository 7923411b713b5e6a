package dev.tern.serve;

import dev.tern.runtime.RuntimeOptions;
import dev.tern.runtime.SetupException;
import dev.tern.runtime.TernRuntime;
import dev.tern.serve.auth.Authenticator;
import dev.tern.serve.auth.RateLimiter;
import dev.tern.serve.auth.TokenEntry;
import dev.tern.serve.auth.TokenStore;
import dev.tern.serve.channels.ChannelTurns;
import dev.tern.serve.channels.ChannelMetrics;
import dev.tern.serve.channels.ChannelsRunner;
import dev.tern.serve.observe.Telemetry;
import dev.tern.serve.turn.ResponderSource;
import dev.tern.serve.turn.Responders;
import dev.tern.serve.turn.TurnService;
import dev.tern.serve.users.UserSpaces;
import dev.tern.workspace.config.ConfigLoader;
import dev.tern.workspace.config.TernConfig;
import io.helidon.webserver.WebServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code tern serve}: the gateway that apps and many users talk to, a thin front-end over the runtime (one
 * {@link TernRuntime} per process; one workspace per user on it). Starts the HTTP server (Helidon SE, one
 * virtual thread per request), the channels and the scheduler; {@link #close()} drains: stop accepting,
 * let running turns finish up to {@code drainTimeout}, cancel the rest, close everything.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());

    /**
     * What {@code tern serve} decides.
     *
     * @param workspace  the served workspace
     * @param configFile the config file, or null for {@code ~/.tern/config.json}
     * @param host       the address to bind, or null for the config's ({@code 127.0.0.1})
     * @param port       the port, or null for the config's (8080); 0 = any free port
     * @param env        the environment (providers, {@code OTEL_*})
     * @param sources    responders besides the default agent (agents, workflows)
     * @param channels   start the channels, cron and heartbeat
     * @param tune       last changes to the serve config (tests: short timeouts), or null
     */
    public record Options(Path workspace, Path configFile, String host, Integer port, Map<String, String> env,
                          List<ResponderSource> sources, boolean channels, java.util.function.UnaryOperator<ServeConfig> tune) {
        public Options {
            env = env == null ? Map.of() : Map.copyOf(env);
            sources = sources == null ? List.of() : List.copyOf(sources);
        }

        public static Options of(Path workspace, Path configFile, Map<String, String> env) {
            return new Options(workspace, configFile, null, 0, env, List.of(), true, null);
        }
    }

    private final ServeConfig config;
    private final TernConfig ternConfig;
    private final TernRuntime runtime;
    private final UserSpaces users;
    private final Authenticator auth;
    private final Responders responders;
    private final TurnService turns;
    private final Telemetry telemetry;
    private volatile ChannelsRunner channels;
    private volatile WebServer server;
    private volatile dev.tern.serve.mcp.McpHttpTransport mcpTransport;
    private volatile dev.tern.serve.http.BodyReader bodies;
    private volatile dev.tern.serve.openai.KeepAlive keepAlive;
    private volatile io.modelcontextprotocol.server.McpSyncServer mcp;
    private final List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean started;
    private volatile java.util.concurrent.CompletableFuture<Void> warm = java.util.concurrent.CompletableFuture.completedFuture(null);
    private volatile boolean closed;

    private Gateway(Options o) {
        Path ws = o.workspace().toAbsolutePath().normalize();
        if (!Files.isDirectory(ws)) throw new SetupException("workspace is not a folder: " + ws);
        this.ternConfig = loadConfig(o);
        ServeConfig sc;
        try {
            sc = ServeConfig.parse(ternConfig.section("serve"), ternConfig.sourceName());
            List<TokenEntry> tokens = new ArrayList<>(sc.tokens());
            tokens.addAll(TokenStore.loadWorkspace(ws));
            sc = sc.withTokens(tokens).withListen(o.host(), o.port());
        } catch (IllegalArgumentException e) {
            throw new SetupException(e.getMessage());
        }
        if (o.tune() != null) sc = o.tune().apply(sc);
        this.config = sc;
        this.auth = new Authenticator(sc.tokens());
        if (auth.open() && !loopback(sc.host())) {
            throw new SetupException("refusing to listen on " + sc.host() + " without tokens: anyone could use your models;"
                    + " create one with 'tern token create NAME' or bind 127.0.0.1");
        }
        ternConfig.warnings().forEach(warnings::add);
        this.telemetry = Telemetry.create(o.env());
        this.runtime = TernRuntime.create(TernRuntime.userDir(o.env())); // approvals.json and overrides: TERN_USER_DIR, else ~/.tern
        // the JDK client of Telegram and the webhook, made beside the rest of start-up, and only when one is on
        if (o.channels() && ChannelsRunner.needsHttp(ternConfig)) runtime.prepareWebClient();
        Map<String, String> env = o.env();
        Path configFile = o.configFile();
        // set-up warnings of a workspace (an MCP server of .mcp.json not approved, no OS sandbox ...): at start on stderr, later in the log
        dev.tern.runtime.Budget budget = new dev.tern.runtime.Budget(0, 0, 0, List.of(), this::warn);
        this.users = new UserSpaces(runtime, ws, dir -> new RuntimeOptions(dir, configFile, null, null, null, null, null, env, budget));
        this.responders = new Responders(o.sources());
        this.turns = new TurnService(sc.sessionWait(), List.of());
        try {
            users.rootSpace(); // config and provider problems surface now, not at the first request
            this.channels = o.channels()
                    ? ChannelsRunner.start(ternConfig, ws, new ChannelTurns(users::rootSpace, responders, turns, telemetry),
                    runtime::webClient, new ChannelMetrics(telemetry.registry()))
                    : null;
            if (channels != null) warnings.addAll(channels.warnings());
            this.bodies = new dev.tern.serve.http.BodyReader(sc.maxRequestBytes(), sc.readTimeout());
            this.mcpTransport = new dev.tern.serve.mcp.McpHttpTransport(bodies);
            this.keepAlive = new dev.tern.serve.openai.KeepAlive(sc.keepAlive());
            this.server = Server.start(this, sc);
            this.started = true;
            // what only some requests need is made after the port is open (the agents and workflows as MCP tools need
            // the workspace's orchestration, whose tokenizer takes ~1 s to load): /readyz answers 503 until it is done
            ServeConfig fin = sc;
            this.warm = java.util.concurrent.CompletableFuture.runAsync(() -> warmUp(fin), r -> Thread.ofVirtual().name("tern-serve-warm-up").start(r));
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private void warmUp(ServeConfig sc) {
        try {
            dev.tern.serve.mcp.McpTools tools = new dev.tern.serve.mcp.McpTools(responders, turns, telemetry, ex -> {
                dev.tern.serve.http.Caller c = dev.tern.serve.mcp.McpHttpTransport.caller(ex.transportContext());
                return new dev.tern.serve.mcp.McpTools.Target(c.space(), c.trace());
            });
            this.mcp = dev.tern.serve.mcp.McpServers.http(mcpTransport, tools.specifications(users.rootSpace(), sc.mcpExposeTools()));
            users.rootSpace().orchestration(); // the first request to an agent does not pay for it
        } catch (RuntimeException e) {
            LOG.warning("MCP server mode is unavailable: " + e.getMessage());
            throw e;
        }
    }

    /** True once everything is made (until then {@code /readyz} answers 503 {@code starting}). */
    public boolean warm() { return warm.isDone(); }

    /**
     * Waits for the start-up work that runs after the port is open (the MCP tools of {@code /mcp}).
     *
     * @throws SetupException when it failed
     */
    public void awaitWarm() {
        try {
            warm.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new SetupException("MCP server mode is unavailable: " + (e.getCause() == null ? e : e.getCause()).getMessage());
        }
    }

    /**
     * Assembles and starts the gateway.
     *
     * @throws SetupException with a one-line reason for anything the operator must fix
     */
    public static Gateway start(Options o) { return new Gateway(o); }

    private static TernConfig loadConfig(Options o) {
        ConfigLoader loader = new ConfigLoader(k -> o.env().get(k));
        if (o.configFile() != null && !Files.exists(o.configFile())) throw new SetupException("config file not found: " + o.configFile());
        TernConfig c = o.configFile() != null ? loader.load(o.configFile()) : loader.loadDefault();
        return loader.applyEnvironment(c);
    }

    static boolean loopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) if (!a.isLoopbackAddress()) return false;
            return true;
        } catch (UnknownHostException e) {
            throw new SetupException("cannot resolve the host to listen on: " + host);
        }
    }

    public int port() { return server.port(); }

    public String baseUrl() {
        String h = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + (h.equals("0.0.0.0") ? "127.0.0.1" : h) + ":" + port();
    }

    public ServeConfig config() { return config; }

    public TernRuntime runtime() { return runtime; }

    public UserSpaces users() { return users; }

    public Authenticator auth() { return auth; }

    public RateLimiter newLimiter() { return new RateLimiter(config.requestsPerMinute(), config.burst()); }

    public Responders responders() { return responders; }

    public TurnService turns() { return turns; }

    public Telemetry telemetry() { return telemetry; }

    /** The channels, cron and heartbeat, or null when not started. */
    public ChannelsRunner channels() { return channels; }

    /** Reads request bodies with the size limit and the deadline. */
    public dev.tern.serve.http.BodyReader bodies() { return bodies; }

    /** The clock of streamed answers' silences. */
    public dev.tern.serve.openai.KeepAlive keepAlive() { return keepAlive; }

    /** The {@code /mcp} transport. */
    public dev.tern.serve.mcp.McpHttpTransport mcpTransport() { return mcpTransport; }

    private void warn(String w) {
        if (started) LOG.warning(w);
        else if (!warnings.contains(w)) warnings.add(w);
    }

    /** Config warnings, workspace set-up warnings and channels that did not start, one line each. */
    public List<String> warnings() { return List.copyOf(warnings); }

    public boolean closing() { return closed || turns.draining(); }

    /**
     * Drains and stops: no new turns (readyz answers 503), running turns finish up to {@code drainTimeout},
     * the rest are cancelled (their sessions keep what was said), then the server, channels, telemetry and
     * runtime close. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        turns.stopAccepting();
        Duration drain = config.drainTimeout();
        if (!turns.awaitIdle(drain)) {
            int n = turns.cancelAll("the server is shutting down");
            LOG.info("drain: cancelled " + n + " turn(s) still running after " + drain.toSeconds() + " s");
            turns.awaitIdle(Duration.ofSeconds(5));
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            warm.handle((v, e) -> null).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warning("start-up work still running at shutdown: " + e);
        }
        try {
            if (mcp != null) mcp.closeGracefully();
        } catch (RuntimeException e) {
            LOG.warning("stopping the MCP server: " + e);
        }
        try {
            if (server != null) server.stop();
        } catch (RuntimeException e) {
            LOG.warning("stopping the HTTP server: " + e);
        }
        try {
            if (channels != null) channels.close();
        } catch (RuntimeException e) {
            LOG.warning("stopping the channels: " + e);
        }
        try {
            telemetry.close();
        } catch (RuntimeException e) {
            LOG.warning("flushing telemetry: " + e);
        }
        users.close();
        runtime.close();
        if (bodies != null) bodies.close();
        if (keepAlive != null) keepAlive.close();
    }
}
