package dev.tern.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Simulator configuration (immutable; build with {@link #builder()}).
 *
 * @param port            TCP port on 127.0.0.1, 0 = ephemeral
 * @param scenarios       scenarios known at start (more can be added at run time)
 * @param latency         default latency for scenarios and steps that do not set one
 * @param faults          server-wide faults, each drawn with its {@link Fault#probability()} per chat request
 * @param rateLimit       requests/tokens per minute, nullable = unlimited (and no rate-limit headers)
 * @param apiKey          when non-null, requests must carry it ({@code Authorization: Bearer} / {@code x-api-key})
 * @param minCacheTokens  smallest cacheable prefix in tokens (Anthropic and OpenAI), default 1024
 * @param backlog         accept backlog of the listening socket
 * @param clock           time source of the prompt cache TTLs, rate-limit windows, batches and the request log
 * @param scenarioDir     folder of {@code file:<name>} scenarios ({@code <dir>/<name>.json}), nullable = none
 * @param requestLog      requests kept in the request log (0 = off), default 256
 * @param requestLogBytes body bytes kept per logged request, default 16 KiB (parsed messages are kept for bodies
 *                        up to 4 times that)
 * @param contextWindows  context window in tokens per model string or scenario name
 * @param contextWindow   context window of every other model, 0 = unlimited
 * @param batches         batch API behaviour
 * @param embeddingDimensions dimension of embeddings when a request does not ask for one, default 256
 * @param http2           also speak HTTP/2 by prior knowledge (h2c) on the port, as real providers speak h2 over TLS:
 *                        the port is then Jetty's server (HTTP/1.1 and h2c), not the simulator's own socket server
 * @param tls             nullable; when set the port speaks TLS with this PKCS12 key store, h2 and http/1.1 by ALPN
 *                        (Jetty's server), as real providers do
 */
public record SimConfig(int port, List<Scenario> scenarios, Latency latency, List<Fault> faults,
                        RateLimit rateLimit, String apiKey, int minCacheTokens, int backlog, InstantSource clock,
                        Path scenarioDir, int requestLog, int requestLogBytes, Map<String, Long> contextWindows,
                        long contextWindow, Batches batches, int embeddingDimensions, boolean http2, Tls tls) {

    /** Requests kept in the request log by default. */
    public static final int DEFAULT_REQUEST_LOG = 256;
    /** Body bytes kept per logged request by default (larger bodies cost a copy and memory on the hot path). */
    public static final int DEFAULT_REQUEST_LOG_BYTES = 16 * 1024;

    /** Per-minute limits; a value &lt;= 0 means that dimension is unlimited. */
    public record RateLimit(long requestsPerMinute, long tokensPerMinute) { }

    /** A PKCS12 key store holding the server's key and certificate, and its password. */
    public record Tls(Path keyStore, String password) { }

    /**
     * How batches (OpenAI Batch API and Anthropic Message Batches) behave.
     *
     * @param processingMs  time from creation until every item is answered (items finish evenly over it)
     * @param expiryMs      a batch not finished this long after creation expires (its unanswered items expire);
     *                      default 24 h
     * @param failCustomIds items whose {@code custom_id} matches ({@code find}) are answered with a 500 error,
     *                      nullable = none
     * @param maxBatches    batches kept; past it the oldest finished one is forgotten (and its files)
     * @param maxFileBytes  bytes of uploaded and result files kept; past it the oldest files are forgotten
     */
    public record Batches(long processingMs, long expiryMs, Pattern failCustomIds, int maxBatches, long maxFileBytes) {
        public static final Batches DEFAULTS = new Batches(0, Duration.ofHours(24).toMillis(), null, 1000,
                512L * 1024 * 1024);

        public Batches {
            if (processingMs < 0) throw new IllegalArgumentException("batch processing time must be >= 0");
            if (expiryMs <= 0) throw new IllegalArgumentException("batch expiry must be > 0");
            if (maxBatches < 1) throw new IllegalArgumentException("maxBatches must be >= 1");
            if (maxFileBytes < 1) throw new IllegalArgumentException("maxFileBytes must be >= 1");
        }
    }

    public SimConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535");
        scenarios = scenarios == null ? List.of() : List.copyOf(scenarios);
        latency = latency == null ? Latency.ZERO : latency.orElse(Latency.ZERO);
        faults = faults == null ? List.of() : List.copyOf(faults);
        if (minCacheTokens < 1) throw new IllegalArgumentException("minCacheTokens must be >= 1");
        backlog = backlog <= 0 ? 8192 : backlog;
        clock = clock == null ? InstantSource.system() : clock;
        if (requestLog < 0) throw new IllegalArgumentException("requestLog must be >= 0");
        if (requestLogBytes < 0) throw new IllegalArgumentException("requestLogBytes must be >= 0");
        contextWindows = contextWindows == null ? Map.of() : Map.copyOf(contextWindows);
        contextWindows.forEach((k, v) -> {
            if (v < 0) throw new IllegalArgumentException("context window of '" + k + "' must be >= 0");
        });
        if (contextWindow < 0) throw new IllegalArgumentException("contextWindow must be >= 0");
        batches = batches == null ? Batches.DEFAULTS : batches;
        if (embeddingDimensions < 1) throw new IllegalArgumentException("embeddingDimensions must be >= 1");
    }

    public static SimConfig defaults() { return builder().build(); }

    public static Builder builder() { return new Builder(); }

    /** The configured context window of a model string or scenario name, 0 when none is set for it. */
    public long contextWindowOf(String modelOrScenario) {
        Long w = contextWindows.get(modelOrScenario);
        return w == null ? 0 : w;
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private int port;
        private final List<Scenario> scenarios = new ArrayList<>();
        private Latency latency = Latency.ZERO;
        private final List<Fault> faults = new ArrayList<>();
        private RateLimit rateLimit;
        private String apiKey;
        private int minCacheTokens = 1024;
        private int backlog = 8192;
        private InstantSource clock = InstantSource.system();
        private Path scenarioDir;
        private int requestLog = DEFAULT_REQUEST_LOG;
        private int requestLogBytes = DEFAULT_REQUEST_LOG_BYTES;
        private final Map<String, Long> contextWindows = new LinkedHashMap<>();
        private long contextWindow;
        private Batches batches = Batches.DEFAULTS;
        private int embeddingDimensions = 256;
        private boolean http2;
        private Tls tls;

        public Builder port(int p) { port = p; return this; }
        public Builder scenario(Scenario s) { scenarios.add(s); return this; }
        public Builder scenarios(List<Scenario> s) { scenarios.addAll(s); return this; }
        public Builder latency(long ttftMs, long tokenMs) { latency = new Latency(ttftMs, tokenMs); return this; }
        public Builder fault(Fault f) { faults.add(f); return this; }
        public Builder rateLimit(long requestsPerMinute, long tokensPerMinute) {
            rateLimit = new RateLimit(requestsPerMinute, tokensPerMinute); return this;
        }
        /** @param key required API key, nullable = no auth */
        public Builder apiKey(String key) { apiKey = key; return this; }
        public Builder minCacheTokens(int n) { minCacheTokens = n; return this; }
        public Builder backlog(int n) { backlog = n; return this; }
        public Builder clock(InstantSource c) { clock = c; return this; }
        /** Folder of {@code file:<name>} scenarios, nullable = none. */
        public Builder scenarioDir(Path dir) { scenarioDir = dir; return this; }
        /** Requests kept in the request log (0 = off) and body bytes kept per request. */
        public Builder requestLog(int requests, int bodyBytes) { requestLog = requests; requestLogBytes = bodyBytes; return this; }
        /** Context window (tokens) of requests for this model string ({@code sim:writer}, {@code gpt-4o}) or scenario name. */
        public Builder contextWindow(String modelOrScenario, long tokens) { contextWindows.put(modelOrScenario, tokens); return this; }
        /** Context window (tokens) of every model without its own, 0 = unlimited. */
        public Builder contextWindow(long tokens) { contextWindow = tokens; return this; }
        public Builder batches(Batches b) { batches = b; return this; }
        /** Time until a batch's items are all answered (so clients poll a few times). */
        public Builder batchProcessing(Duration d) {
            batches = new Batches(d.toMillis(), batches.expiryMs(), batches.failCustomIds(), batches.maxBatches(),
                    batches.maxFileBytes());
            return this;
        }
        /** A batch unfinished this long after creation expires. */
        public Builder batchExpiry(Duration d) {
            batches = new Batches(batches.processingMs(), d.toMillis(), batches.failCustomIds(), batches.maxBatches(),
                    batches.maxFileBytes());
            return this;
        }
        /** Batch items whose {@code custom_id} matches this regex fail with a server error. */
        public Builder batchFailures(String customIdRegex) {
            batches = new Batches(batches.processingMs(), batches.expiryMs(),
                    customIdRegex == null ? null : Pattern.compile(customIdRegex), batches.maxBatches(), batches.maxFileBytes());
            return this;
        }
        public Builder embeddingDimensions(int n) { embeddingDimensions = n; return this; }
        public Builder http2(boolean on) { http2 = on; return this; }
        public Builder tls(Path keyStore, String password) { tls = new Tls(keyStore, password); return this; }

        public SimConfig build() {
            return new SimConfig(port, scenarios, latency, faults, rateLimit, apiKey, minCacheTokens, backlog, clock,
                    scenarioDir, requestLog, requestLogBytes, contextWindows, contextWindow, batches, embeddingDimensions, http2, tls);
        }
    }
}
