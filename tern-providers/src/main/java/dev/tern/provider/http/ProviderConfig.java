package dev.tern.provider.http;

import dev.tern.store.RateLimitStore;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach one provider and how patient to be with it.
 *
 * @param provider         short provider name for errors and metrics ("openai", "anthropic")
 * @param baseUrl          API root without trailing slash, e.g. {@code https://api.openai.com/v1}
 * @param apiKey           the secret; may be empty for local servers, never null, never logged
 * @param connectTimeout   bound on opening the TCP/TLS connection; the time to response headers is
 *                         bounded by {@code connectTimeout + firstByteTimeout}
 * @param firstByteTimeout bound on waiting for the response headers once the request is sent
 * @param idleTimeout      bound on silence while reading the body (stream stalls become TIMEOUT)
 * @param retry            retry and backoff policy
 * @param maxConcurrency   requests in flight to this provider at most
 * @param headers          extra headers sent with every request (never null)
 */
public record ProviderConfig(
        String provider,
        String baseUrl,
        String apiKey,
        Duration connectTimeout,
        Duration firstByteTimeout,
        Duration idleTimeout,
        RetryPolicy retry,
        int maxConcurrency,
        Map<String, String> headers,
        RateLimitStore rateLimits) {

    public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_FIRST_BYTE = Duration.ofSeconds(120);
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);
    public static final int DEFAULT_CONCURRENCY = 64;

    public ProviderConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(baseUrl, "baseUrl");
        baseUrl = stripSlash(baseUrl.strip());
        URI uri = URI.create(baseUrl);
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalArgumentException(provider + ": base URL must be http(s)://..., got '" + baseUrl + "'");
        }
        apiKey = apiKey == null ? "" : apiKey.strip();
        connectTimeout = positive(connectTimeout, DEFAULT_CONNECT);
        firstByteTimeout = positive(firstByteTimeout, DEFAULT_FIRST_BYTE);
        idleTimeout = positive(idleTimeout, DEFAULT_IDLE);
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        if (maxConcurrency <= 0) throw new IllegalArgumentException(provider + ": maxConcurrency must be > 0");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** Without a shared rate-limit store: each provider instance keeps its own (one process). */
    public ProviderConfig(String provider, String baseUrl, String apiKey, Duration connectTimeout, Duration firstByteTimeout,
                          Duration idleTimeout, RetryPolicy retry, int maxConcurrency, Map<String, String> headers) {
        this(provider, baseUrl, apiKey, connectTimeout, firstByteTimeout, idleTimeout, retry, maxConcurrency, headers, null);
    }

    /**
     * Shares what the provider says about its rate limits (Retry-After, exhausted budgets) through
     * {@code store}, keyed by {@link #account()}: callers in other processes (gateway nodes) using a
     * shared store back off together.
     */
    public ProviderConfig withRateLimits(RateLimitStore store) {
        return new ProviderConfig(provider, baseUrl, apiKey, connectTimeout, firstByteTimeout, idleTimeout, retry,
                maxConcurrency, headers, store);
    }

    /** The account this config calls: vendor, base URL and a hash of the key (never the key itself). */
    public String account() {
        return provider + "|" + baseUrl + "|" + (apiKey.isEmpty() ? "" : dev.tern.json.CanonicalJson.sha256Hex(apiKey).substring(0, 16));
    }

    /** Defaults: 10 s connect, 120 s first byte, 60 s idle, default retries, 64 in flight. */
    public static ProviderConfig of(String provider, String baseUrl, String apiKey) {
        return new ProviderConfig(provider, baseUrl, apiKey, null, null, null, null, DEFAULT_CONCURRENCY, Map.of());
    }

    /**
     * Reads a provider's key and base URL from the environment like the official SDKs do: the base URL
     * defaults to the vendor's; a missing key is an AUTHENTICATION error only against the vendor's own
     * host (local OpenAI-compatible servers need none).
     *
     * @param keyVar  e.g. {@code OPENAI_API_KEY}
     * @param urlVar  e.g. {@code OPENAI_BASE_URL}
     * @param hint    the rest of the one-line message when the key is missing
     */
    public static ProviderConfig fromEnv(Map<String, String> env, String provider, String keyVar, String urlVar,
                                         String defaultBaseUrl, String hint) {
        String base = env.getOrDefault(urlVar, "");
        if (base.isBlank()) base = defaultBaseUrl;
        String key = env.getOrDefault(keyVar, "");
        if (key.isBlank() && base.contains(URI.create(defaultBaseUrl).getHost())) {
            throw new dev.tern.model.ModelException(dev.tern.model.ModelException.Kind.AUTHENTICATION, provider,
                    provider + ": " + keyVar + " is not set" + hint);
        }
        return of(provider, base, key);
    }

    public int maxRetries() { return retry.maxRetries(); }

    public ProviderConfig withTimeouts(Duration connect, Duration firstByte, Duration idle) {
        return new ProviderConfig(provider, baseUrl, apiKey, connect, firstByte, idle, retry, maxConcurrency, headers, rateLimits);
    }

    public ProviderConfig withRetry(RetryPolicy policy) {
        return new ProviderConfig(provider, baseUrl, apiKey, connectTimeout, firstByteTimeout, idleTimeout, policy,
                maxConcurrency, headers, rateLimits);
    }

    public ProviderConfig withMaxRetries(int n) { return withRetry(retry.withMaxRetries(n)); }

    public ProviderConfig withMaxConcurrency(int n) {
        return new ProviderConfig(provider, baseUrl, apiKey, connectTimeout, firstByteTimeout, idleTimeout, retry, n,
                headers, rateLimits);
    }

    public ProviderConfig withHeaders(Map<String, String> extra) {
        return new ProviderConfig(provider, baseUrl, apiKey, connectTimeout, firstByteTimeout, idleTimeout, retry,
                maxConcurrency, extra, rateLimits);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "ProviderConfig[" + provider + " " + baseUrl + ", key=" + (apiKey.isEmpty() ? "none" : "***")
                + ", connect=" + connectTimeout + ", firstByte=" + firstByteTimeout + ", idle=" + idleTimeout
                + ", " + retry + ", maxConcurrency=" + maxConcurrency + "]";
    }

    private static Duration positive(Duration d, Duration dflt) {
        return d == null || d.isZero() || d.isNegative() ? dflt : d;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? stripSlash(s.substring(0, s.length() - 1)) : s;
    }
}
