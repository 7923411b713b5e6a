package dev.tern.sim;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

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
 * @param clock           time source of the prompt cache TTLs and rate-limit windows (tests may move it)
 */
public record SimConfig(int port, List<Scenario> scenarios, Latency latency, List<Fault> faults,
                        RateLimit rateLimit, String apiKey, int minCacheTokens, int backlog, InstantSource clock) {

    /** Per-minute limits; a value &lt;= 0 means that dimension is unlimited. */
    public record RateLimit(long requestsPerMinute, long tokensPerMinute) { }

    public SimConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535");
        scenarios = scenarios == null ? List.of() : List.copyOf(scenarios);
        latency = latency == null ? Latency.ZERO : latency.orElse(Latency.ZERO);
        faults = faults == null ? List.of() : List.copyOf(faults);
        if (minCacheTokens < 1) throw new IllegalArgumentException("minCacheTokens must be >= 1");
        backlog = backlog <= 0 ? 8192 : backlog;
        clock = clock == null ? InstantSource.system() : clock;
    }

    public static SimConfig defaults() { return builder().build(); }

    public static Builder builder() { return new Builder(); }

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

        public SimConfig build() {
            return new SimConfig(port, scenarios, latency, faults, rateLimit, apiKey, minCacheTokens, backlog, clock);
        }
    }
}
