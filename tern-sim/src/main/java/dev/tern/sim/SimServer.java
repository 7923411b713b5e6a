package dev.tern.sim;

import dev.tern.sim.batch.AnthropicBatches;
import dev.tern.sim.batch.Answer;
import dev.tern.sim.batch.Batch;
import dev.tern.sim.batch.BatchContext;
import dev.tern.sim.batch.FileStore;
import dev.tern.sim.batch.OpenAiBatches;
import dev.tern.sim.batch.OpenAiFiles;
import dev.tern.sim.engine.FaultGate;
import dev.tern.sim.engine.PromptCache;
import dev.tern.sim.engine.RateLimiter;
import dev.tern.sim.engine.ScenarioBook;
import dev.tern.sim.engine.ScenarioDir;
import dev.tern.sim.engine.StatsRecorder;
import dev.tern.sim.http.H2cServer;
import dev.tern.sim.http.HttpListener;
import dev.tern.sim.http.HttpRequest;
import dev.tern.sim.http.HttpResponse;
import dev.tern.sim.http.HttpServer;
import dev.tern.sim.log.RequestLog;
import dev.tern.sim.wire.AnthropicDialect;
import dev.tern.sim.wire.Dialect;
import dev.tern.sim.wire.OpenAiDialect;
import dev.tern.sim.wire.SimJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The LLM simulator: an OpenAI Chat Completions and Anthropic Messages server on loopback that
 * replays {@link Scenario}s, with embeddings, files and batches of both APIs. Start with
 * {@link #start(SimConfig)}, close when done.
 */
public final class SimServer implements AutoCloseable {

    private final SimConfig config;
    private final ScenarioBook book;
    private final StatsRecorder stats = new StatsRecorder();
    private final PromptCache cache;
    private final FaultGate faults;
    private final RateLimiter limiter;
    private final RequestLog log;
    private final ChatEndpoint chat;
    private final EmbeddingsEndpoint embeddings;
    private final ModelList models;
    private final FileStore files;
    private final OpenAiFiles openAiFiles;
    private final OpenAiBatches openAiBatches;
    private final AnthropicBatches anthropicBatches;
    private final Dialect openAi = new OpenAiDialect();
    private final AnthropicDialect anthropic = new AnthropicDialect();
    private final HttpListener http;

    private SimServer(SimConfig config) throws IOException {
        this.config = config;
        this.book = new ScenarioBook(config.scenarios(),
                config.scenarioDir() == null ? null : new ScenarioDir(config.scenarioDir()));
        this.cache = new PromptCache(config.clock(), config.minCacheTokens());
        this.faults = new FaultGate(config.faults());
        SimConfig.RateLimit rl = config.rateLimit();
        this.limiter = rl == null ? null : new RateLimiter(rl.requestsPerMinute(), rl.tokensPerMinute(), config.clock());
        this.log = new RequestLog(config.requestLog(), config.requestLogBytes());
        this.chat = new ChatEndpoint(config, book, cache, limiter, faults, stats);
        this.embeddings = new EmbeddingsEndpoint(config, stats);
        this.models = new ModelList(config, book);
        this.files = new FileStore(config.batches().maxFileBytes());
        BatchContext ctx = new BatchContext(config.clock(), config.batches(), config.apiKey(), stats, files,
                this::answerBatchItem, this::baseUrl);
        this.openAiFiles = new OpenAiFiles(ctx);
        this.openAiBatches = new OpenAiBatches(ctx);
        this.anthropicBatches = new AnthropicBatches(ctx);
        this.http = config.http2() || config.tls() != null ? H2cServer.start(config.port(), config.backlog(), this::route, config.tls())
                : HttpServer.start(config.port(), config.backlog(), this::route);
    }

    /** A server with {@link SimConfig#defaults()}: ephemeral port, zero latency, echo only. */
    public static SimServer start() { return start(SimConfig.defaults()); }

    /** Binds 127.0.0.1 and starts serving; throws {@link UncheckedIOException} when the port is taken. */
    public static SimServer start(SimConfig config) {
        try {
            return new SimServer(config);
        } catch (IOException e) {
            throw new UncheckedIOException("sim: cannot listen on 127.0.0.1:" + config.port() + ": " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:PORT}; OpenAI clients use {@code baseUrl() + "/v1"}, Anthropic clients {@code baseUrl()}. */
    public String baseUrl() { return (config.tls() != null ? "https" : "http") + "://127.0.0.1:" + http.port(); }

    public int port() { return http.port(); }

    public SimConfig config() { return config; }

    /** Client connections accepted since the start (TCP connections: on HTTP/2 many calls share one). */
    public long connectionsAccepted() { return http.connectionsAccepted(); }

    /** The counters now (batches are moved forward first, so items nobody polled yet are counted). */
    public SimStats stats() {
        openAiBatches.advanceAll();
        anthropicBatches.advanceAll();
        return stats.snapshot();
    }

    /** Zeroes the counters (scenarios, prompt cache, fault budgets, rate windows and the request log are kept). */
    public void resetStats() { stats.reset(); }

    /** Forgets prompt-cache entries, fault {@code times} budgets, rate-limit windows, batches, files and parsed scenario files. */
    public void resetState() {
        cache.clear();
        faults.reset();
        if (limiter != null) limiter.reset();
        openAiBatches.clear();
        anthropicBatches.clear();
        files.clear();
        book.clearFiles();
    }

    /** The requests kept in the request log (API requests and batch items, not {@code /sim/*}), oldest first. */
    public List<SimRequest> requests() { return log.last(0); }

    /** The last {@code n} logged requests, oldest first. */
    public List<SimRequest> requests(int n) { return log.last(Math.max(1, n)); }

    /** Empties the request log. */
    public void clearRequests() { log.clear(); }

    /** Adds or replaces (by name) a scenario; effective for the next request. */
    public void addScenario(Scenario s) { book.add(s); }

    public List<Scenario> scenarios() { return book.all(); }

    @Override
    public void close() { http.close(); }

    private void route(HttpRequest req, HttpResponse resp) throws IOException, InterruptedException {
        String key = req.method() + " " + req.path();
        stats.begin(Routes.statsKey(req.method(), req.path()));
        RequestLog.Draft draft = req.path().startsWith("/v1/")
                ? log.draft(config.clock().millis(), req.method(), req.path(), req.query(), req.headers(), req.body()) : null;
        resp.onHead(status -> {
            stats.status(status);
            log.commit(draft, status);
        });
        try {
            switch (key) {
                case Routes.CHAT -> chat.handle(openAi, req, resp, draft);
                case Routes.MESSAGES -> chat.handle(anthropic, req, resp, draft);
                case Routes.COUNT_TOKENS -> chat.countTokens(anthropic, req, resp);
                case Routes.EMBEDDINGS -> embeddings.handle(req, resp, draft);
                case "GET /v1/models" -> models.list(req, resp);
                case "GET /sim/stats" -> json(resp, 200, SimJson.MAPPER.valueToTree(stats()));
                case "GET /sim/requests" -> json(resp, 200, requestsJson(req));
                case "POST /sim/reset" -> {
                    stats.reset();
                    log.clear();
                    if (req.query().contains("all=true")) resetState();
                    json(resp, 200, SimJson.object().put("ok", true));
                }
                case "GET /sim/scenarios" -> {
                    ArrayNode names = SimJson.MAPPER.createArrayNode();
                    book.all().forEach(s -> names.add(s.name()));
                    json(resp, 200, SimJson.object().set("scenarios", names));
                }
                case "POST /sim/scenarios" -> addScenario(req, resp);
                default -> {
                    if (req.method().equals("GET") && req.path().startsWith("/v1/models/")) models.retrieve(req, resp);
                    else if (!openAiFiles.handle(req, resp) && !openAiBatches.handle(req, resp)
                            && !anthropicBatches.handle(req, resp)) notFound(req, resp);
                }
            }
        } catch (RuntimeException e) {
            if (!resp.committed()) {
                json(resp, 500, simError("server_error", "sim internal error: " + e));
            } else resp.reset();
        } finally {
            log.commit(draft, resp.status());
            stats.end();
        }
    }

    /** One batch item through the normal engine (a {@code custom_id} matching the failure pattern fails). */
    private Answer answerBatchItem(String batchId, Batch.Item item) {
        RequestLog.Draft d = log.item(config.clock().millis(), item.endpoint(), batchId, item.customId(), item.body());
        Dialect dialect = item.endpoint().equals(Routes.MESSAGES_PATH) ? anthropic : openAi;
        Pattern fail = config.batches().failCustomIds();
        Answer a;
        if (fail != null && fail.matcher(item.customId()).find())
            a = chat.failedItem(dialect, "Simulated failure of batch request '" + item.customId() + "'.");
        else if (item.endpoint().equals(Routes.EMBEDDINGS_PATH)) a = embeddings.answerItem(item.body(), d);
        else a = chat.answerItem(dialect, item.body(), d);
        log.commit(d, a.status());
        return a;
    }

    private ObjectNode requestsJson(HttpRequest req) {
        int last = 0;
        for (String pair : req.query().split("&")) {
            if (!pair.startsWith("last=")) continue;
            try {
                last = Math.max(1, Integer.parseInt(pair.substring(5)));
            } catch (NumberFormatException e) {
                // not a number: all of them
            }
        }
        ObjectNode root = SimJson.object();
        root.set("requests", SimJson.MAPPER.valueToTree(log.last(last)));
        return root;
    }

    private void addScenario(HttpRequest req, HttpResponse resp) throws IOException {
        try {
            List<Scenario> added = ScenarioParser.parseAll(req.bodyText());
            added.forEach(book::add);
            ArrayNode names = SimJson.MAPPER.createArrayNode();
            added.forEach(s -> names.add(s.name()));
            json(resp, 200, SimJson.object().put("ok", true).set("added", names));
        } catch (IllegalArgumentException e) {
            json(resp, 400, simError("invalid_request_error", e.getMessage()));
        }
    }

    private void notFound(HttpRequest req, HttpResponse resp) throws IOException {
        if (Routes.knownPath(req.path()))
            json(resp, 405, simError("invalid_request_error", "Method " + req.method() + " not allowed on " + req.path()));
        else json(resp, 404, simError("invalid_request_error", "Unknown path " + req.method() + " " + req.path()));
    }

    private static ObjectNode simError(String type, String message) {
        ObjectNode root = SimJson.object();
        ObjectNode err = root.putObject("error");
        err.put("message", message);
        err.put("type", type);
        return root;
    }

    private static void json(HttpResponse resp, int status, tools.jackson.databind.JsonNode body) throws IOException {
        resp.send(status, Map.of(), ChatEndpoint.JSON, SimJson.bytes(body));
    }
}
