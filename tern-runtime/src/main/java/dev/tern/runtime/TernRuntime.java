package dev.tern.runtime;

import dev.tern.cost.PriceTable;
import dev.tern.embed.Embedder;
import dev.tern.embed.onnx.OnnxEmbedder;
import dev.tern.metrics.Metrics;
import dev.tern.http.HttpTransport;
import dev.tern.provider.ProviderRouter;
import dev.tern.tokens.ModelCatalog;
import dev.tern.tokens.Tokenizers;
import dev.tern.workspace.tools.sandbox.SandboxFiles;
import java.net.http.HttpClient;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The process-wide part of Tern: ONE HTTP transport (pooled connections, created on another thread
 * while the caller reads its config), one metrics registry, the price table, the model catalog and
 * the tokenizers. Every front-end (the CLI, {@code tern serve}, {@code tern mcp}, tests) creates one
 * and opens any number of {@link WorkspaceRuntime}s on it: several workspaces or users in one process
 * share the client and the counters. Thread-safe; close it last.
 */
public final class TernRuntime implements AutoCloseable {

    private final CompletableFuture<HttpTransport> transport;
    /** Made on first need: its TLS set-up loads the trust store, ~0.1 s of CPU that a one-shot run never needs. */
    private final java.util.concurrent.atomic.AtomicReference<CompletableFuture<HttpClient>> webClient =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final Metrics metrics = new Metrics();
    private final Tokenizers tokenizers = new Tokenizers();
    /** The sandboxes' /etc copies and proxy sockets, one folder for every workspace of the process. */
    private final SandboxFiles sandboxFiles = new SandboxFiles();
    private final PriceTable prices;
    private final ModelCatalog catalog;
    private final List<WorkspaceRuntime> open = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, ProviderRouter> routers = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Embedder embedder;
    private final Path home;
    /** What providers said about their limits (Retry-After), per account: one per process, or a server store. */
    private volatile dev.tern.store.RateLimitStore rateLimits = new dev.tern.store.MemoryRateLimitStore();

    private TernRuntime(Path home) {
        this.home = home;
        // the HTTP client's set-up (default TLS context) overlaps with whatever the caller does next
        this.transport = CompletableFuture.supplyAsync(HttpTransport::create, r -> Thread.ofPlatform().daemon().start(r));
        Path priceFile = home.resolve("prices.json"), modelFile = home.resolve("models.json");
        this.prices = Files.isRegularFile(priceFile) ? PriceTable.load(priceFile) : PriceTable.bundled();
        this.catalog = Files.isRegularFile(modelFile) ? ModelCatalog.load(modelFile) : ModelCatalog.bundled();
    }

    /** A runtime reading user overrides (prices, model windows) from {@code ~/.tern}. */
    public static TernRuntime create() { return create(Path.of(System.getProperty("user.home"), ".tern")); }

    /** A runtime reading user overrides from {@code home} ({@code prices.json}, {@code models.json}). */
    public static TernRuntime create(Path home) { return new TernRuntime(home); }

    /** The per-user Tern folder an environment names: {@code TERN_USER_DIR}, else {@code ~/.tern}. */
    public static Path userDir(java.util.Map<String, String> env) { return ConfigSupport.userDir(env); }

    /** The shared HTTP transport (waits for its set-up on first use). */
    public HttpTransport transport() { return transport.join(); }

    /**
     * The providers for these settings ({@code OPENAI_*}, {@code ANTHROPIC_*}), routing each model to its
     * vendor: one router, and one provider per vendor, base URL and key, for the whole process, so
     * workspaces with the same account share connections and rate-limit state.
     *
     * @throws dev.tern.model.ModelException AUTHENTICATION when no provider is configured
     */
    public ProviderRouter providers(java.util.Map<String, String> env) {
        String key = String.join("\u0000", value(env, "OPENAI_API_KEY"), value(env, "OPENAI_BASE_URL"),
                value(env, "ANTHROPIC_API_KEY"), value(env, "ANTHROPIC_BASE_URL"), value(env, "ANTHROPIC_VERSION"));
        ProviderRouter r = routers.get(key);
        if (r != null) return r;
        ProviderRouter made = ProviderRouter.fromEnvironment(transport(), env, rateLimits);
        ProviderRouter raced = routers.putIfAbsent(key, made);
        return raced != null ? raced : made;
    }

    /**
     * Shares provider rate-limit state through {@code store} (e.g. Redis behind several gateway nodes).
     * Call before the first {@link #providers}; routers made earlier keep the store they were made with.
     */
    public TernRuntime rateLimits(dev.tern.store.RateLimitStore store) {
        this.rateLimits = java.util.Objects.requireNonNull(store, "store");
        routers.clear();
        return this;
    }

    /** The rate-limit state the providers of this runtime publish and honour. */
    public dev.tern.store.RateLimitStore rateLimits() { return rateLimits; }

    private static String value(java.util.Map<String, String> env, String k) {
        String v = env.get(k);
        return v == null ? "" : v;
    }

    /** The JDK client of the channels (Telegram, webhooks); the web tools use {@link #transport()}. */
    public HttpClient webClient() { return prepareWebClient().join(); }

    /**
     * Starts making {@link #webClient()} on another thread unless that has begun: for a front-end that will need it
     * (the gateway with channels), so its TLS set-up overlaps the rest of start-up. Others never pay for it.
     */
    public CompletableFuture<HttpClient> prepareWebClient() {
        CompletableFuture<HttpClient> f = webClient.get();
        if (f != null) return f;
        CompletableFuture<HttpClient> made = new CompletableFuture<>();
        if (!webClient.compareAndSet(null, made)) return webClient.get();
        Thread.ofPlatform().daemon().name("tern-web-client").start(() -> {
            try {
                made.complete(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(Duration.ofSeconds(10)).build());
            } catch (Throwable t) {
                made.completeExceptionally(t);
            }
        });
        return made;
    }

    public Metrics metrics() { return metrics; }

    /** The per-user Tern folder: overrides ({@code prices.json}, {@code models.json}) and {@code approvals.json}. */
    public Path home() { return home; }

    public Tokenizers tokenizers() { return tokenizers; }

    /** What the OS sandboxes of this process's workspaces share (one {@code /etc} copy, not one per user). */
    public SandboxFiles sandboxFiles() { return sandboxFiles; }

    public PriceTable prices() { return prices; }

    public ModelCatalog catalog() { return catalog; }

    /**
     * The local sentence embedder (all-MiniLM-L6-v2 on ONNX Runtime, shipped in a Maven artifact), one per
     * process, created on first use; it loads its model lazily and releases it after an idle period.
     */
    public Embedder embedder() {
        Embedder e = embedder;
        if (e != null) return e;
        synchronized (this) {
            if (embedder == null) embedder = new OnnxEmbedder();
            return embedder;
        }
    }

    /**
     * Assembles a workspace on this runtime.
     *
     * @throws SetupException with a one-line reason for anything the user must fix
     */
    public WorkspaceRuntime open(RuntimeOptions options) {
        WorkspaceRuntime w = WorkspaceRuntime.assemble(this, options);
        open.add(w);
        return w;
    }

    void closed(WorkspaceRuntime w) { open.remove(w); }

    /** The workspaces opened and not yet closed. */
    public List<WorkspaceRuntime> workspaces() { return List.copyOf(open); }

    /** Closes every workspace still open, then the transport. */
    @Override
    public void close() {
        for (WorkspaceRuntime w : List.copyOf(open)) w.close();
        sandboxFiles.close();
        Embedder e = embedder;
        if (e != null) e.close();
        transport.thenAccept(HttpTransport::close);
        CompletableFuture<HttpClient> web = webClient.get();
        if (web != null) web.thenAccept(HttpClient::shutdownNow);
    }
}
