package dev.tern.sim;

import dev.tern.sim.engine.FaultGate;
import dev.tern.sim.engine.PromptCache;
import dev.tern.sim.engine.RateLimiter;
import dev.tern.sim.engine.ScenarioBook;
import dev.tern.sim.engine.StatsRecorder;
import dev.tern.sim.http.HttpRequest;
import dev.tern.sim.http.HttpResponse;
import dev.tern.sim.http.HttpServer;
import dev.tern.sim.wire.AnthropicDialect;
import dev.tern.sim.wire.Dialect;
import dev.tern.sim.wire.OpenAiDialect;
import dev.tern.sim.wire.SimJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The LLM simulator: an OpenAI Chat Completions and Anthropic Messages server on loopback that
 * replays {@link Scenario}s. Start with {@link #start(SimConfig)}, close when done.
 */
public final class SimServer implements AutoCloseable {

    private static final String CHAT = "POST /v1/chat/completions";
    private static final String MESSAGES = "POST /v1/messages";
    private static final String COUNT_TOKENS = "POST /v1/messages/count_tokens";

    private final SimConfig config;
    private final ScenarioBook book;
    private final StatsRecorder stats = new StatsRecorder();
    private final PromptCache cache;
    private final FaultGate faults;
    private final RateLimiter limiter;
    private final ChatEndpoint chat;
    private final Dialect openAi = new OpenAiDialect();
    private final AnthropicDialect anthropic = new AnthropicDialect();
    private final HttpServer http;

    private SimServer(SimConfig config) throws IOException {
        this.config = config;
        this.book = new ScenarioBook(config.scenarios());
        this.cache = new PromptCache(config.clock(), config.minCacheTokens());
        this.faults = new FaultGate(config.faults());
        SimConfig.RateLimit rl = config.rateLimit();
        this.limiter = rl == null ? null : new RateLimiter(rl.requestsPerMinute(), rl.tokensPerMinute(), config.clock());
        this.chat = new ChatEndpoint(config, book, cache, limiter, faults, stats);
        this.http = HttpServer.start(config.port(), config.backlog(), this::route);
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
    public String baseUrl() { return "http://127.0.0.1:" + http.port(); }

    public int port() { return http.port(); }

    public SimConfig config() { return config; }

    public SimStats stats() { return stats.snapshot(); }

    /** Zeroes the counters (scenarios, prompt cache, fault budgets and rate windows are kept). */
    public void resetStats() { stats.reset(); }

    /** Forgets prompt-cache entries, fault {@code times} budgets and rate-limit windows. */
    public void resetState() {
        cache.clear();
        faults.reset();
        if (limiter != null) limiter.reset();
    }

    /** Adds or replaces (by name) a scenario; effective for the next request. */
    public void addScenario(Scenario s) { book.add(s); }

    public List<Scenario> scenarios() { return book.all(); }

    @Override
    public void close() { http.close(); }

    private void route(HttpRequest req, HttpResponse resp) throws IOException, InterruptedException {
        String key = req.method() + " " + req.path();
        stats.begin(known(key) ? key : "other");
        resp.onHead(stats::status);
        try {
            switch (key) {
                case CHAT -> chat.handle(openAi, req, resp);
                case MESSAGES -> chat.handle(anthropic, req, resp);
                case COUNT_TOKENS -> chat.countTokens(anthropic, req, resp);
                case "GET /v1/models" -> json(resp, 200, models(req.header("anthropic-version") != null));
                case "GET /sim/stats" -> json(resp, 200, SimJson.MAPPER.valueToTree(stats.snapshot()));
                case "POST /sim/reset" -> {
                    stats.reset();
                    if (req.query().contains("all=true")) resetState();
                    json(resp, 200, SimJson.object().put("ok", true));
                }
                case "GET /sim/scenarios" -> {
                    ArrayNode names = SimJson.MAPPER.createArrayNode();
                    book.all().forEach(s -> names.add(s.name()));
                    json(resp, 200, SimJson.object().set("scenarios", names));
                }
                case "POST /sim/scenarios" -> addScenario(req, resp);
                default -> notFound(req, resp);
            }
        } catch (RuntimeException e) {
            if (!resp.committed()) {
                json(resp, 500, simError("server_error", "sim internal error: " + e));
            } else resp.reset();
        } finally {
            stats.end();
        }
    }

    private static final java.util.Set<String> ROUTES = java.util.Set.of(CHAT, MESSAGES, COUNT_TOKENS, "GET /v1/models",
            "GET /sim/stats", "POST /sim/reset", "GET /sim/scenarios", "POST /sim/scenarios");

    /** Stats key: the route, or "other" so that junk paths cannot grow the map without bound. */
    private static boolean known(String key) { return ROUTES.contains(key); }

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
        boolean knownPath = List.of("/v1/chat/completions", "/v1/messages", "/v1/messages/count_tokens", "/v1/models", "/sim/stats", "/sim/reset",
                "/sim/scenarios").contains(req.path());
        if (knownPath) json(resp, 405, simError("invalid_request_error", "Method " + req.method() + " not allowed on " + req.path()));
        else json(resp, 404, simError("invalid_request_error", "Unknown path " + req.method() + " " + req.path()));
    }

    private ObjectNode models(boolean anthropicShape) {
        ObjectNode root = SimJson.object();
        ArrayNode data = root.putArray("data");
        List<String> names = new java.util.ArrayList<>(List.of("sim", "echo"));
        book.all().forEach(s -> names.add("sim:" + s.name()));
        for (String n : names) {
            ObjectNode m = data.addObject();
            if (anthropicShape) {
                m.put("type", "model");
                m.put("id", n);
                m.put("display_name", "Tern simulator " + n);
                m.put("created_at", "2025-01-01T00:00:00Z");
            } else {
                m.put("id", n);
                m.put("object", "model");
                m.put("created", 1735689600L);
                m.put("owned_by", "tern-sim");
            }
        }
        if (anthropicShape) {
            root.put("has_more", false);
            root.put("first_id", names.get(0));
            root.put("last_id", names.get(names.size() - 1));
        } else root.put("object", "list");
        return root;
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
