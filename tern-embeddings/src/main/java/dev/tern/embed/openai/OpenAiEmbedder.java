package dev.tern.embed.openai;

import dev.tern.embed.Embedder;
import dev.tern.embed.EmbeddingException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Embeddings from an OpenAI-compatible {@code /v1/embeddings} endpoint, on the caller's shared
 * {@link HttpClient} (the runtime owns one; this class never creates a client). A batch is split into
 * requests of at most {@code maxInputsPerRequest} texts / {@code maxCharsPerRequest} characters. A 429,
 * a 5xx or an I/O failure is retried up to {@code maxRetries} times, waiting what the server's
 * {@code retry-after-ms} / {@code Retry-After} says, else an exponential, jittered backoff.
 */
public final class OpenAiEmbedder implements Embedder {

    /** How the embedder waits between attempts (tests record the waits). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final HttpClient http;
    private final OpenAiEmbeddingConfig config;
    private final Sleeper sleeper;
    private volatile int dimension;

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong texts = new AtomicLong();
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public OpenAiEmbedder(HttpClient http, OpenAiEmbeddingConfig config) {
        this(http, config, Thread::sleep);
    }

    public OpenAiEmbedder(HttpClient http, OpenAiEmbeddingConfig config, Sleeper sleeper) {
        this.http = http;
        this.config = config;
        this.sleeper = sleeper;
        this.dimension = config.dimensions() == null ? 0 : config.dimensions();
    }

    public OpenAiEmbeddingConfig config() {
        return config;
    }

    @Override
    public String modelId() {
        return config.dimensions() == null ? config.model() : config.model() + "@" + config.dimensions();
    }

    /** The configured dimensions; otherwise learnt from the first response (one probe request if none yet). */
    @Override
    public int dimension() {
        int d = dimension;
        if (d == 0) {
            d = embed("dimension probe").length;
        }
        return d;
    }

    @Override
    public List<float[]> embedAll(List<String> input) {
        for (String s : input) {
            if (s == null) {
                throw new IllegalArgumentException("cannot embed a null text");
            }
        }
        List<float[]> out = new ArrayList<>(input.size());
        int from = 0;
        while (from < input.size()) {
            int to = from;
            long chars = 0;
            while (to < input.size() && to - from < config.maxInputsPerRequest()
                    && (to == from || chars + input.get(to).length() <= config.maxCharsPerRequest())) {
                chars += input.get(to).length();
                to++;
            }
            out.addAll(post(input.subList(from, to)));
            from = to;
        }
        texts.addAndGet(input.size());
        return out;
    }

    private List<float[]> post(List<String> chunk) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(config.endpoint())
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EmbeddingsJson.request(config, chunk)));
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            rb.header("Authorization", "Bearer " + config.apiKey());
        }
        HttpRequest request = rb.build();
        String lastProblem = "";
        for (int attempt = 0; ; attempt++) {
            Duration wait;
            try {
                requests.incrementAndGet();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return accept(EmbeddingsJson.response(response.body(), chunk.size()));
                }
                lastProblem = "HTTP " + status + ": " + EmbeddingsJson.errorMessage(response.body());
                if (status != 429 && status < 500) {
                    failures.incrementAndGet();
                    throw new EmbeddingException(config.endpoint() + " refused the embeddings request, " + lastProblem);
                }
                Optional<Duration> asked = RetryAfter.of(response.headers(), Instant.now());
                if (asked.isPresent() && asked.get().compareTo(config.maxBackoff()) > 0) {
                    failures.incrementAndGet();
                    throw new EmbeddingException(config.endpoint() + " asks to retry after " + asked.get().toMillis()
                            + " ms, more than the " + config.maxBackoff().toMillis() + " ms allowed; " + lastProblem);
                }
                wait = asked.isPresent() ? asked.get() : backoff(attemptNumber(attempt));
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                wait = backoff(attemptNumber(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddingException("interrupted while calling " + config.endpoint(), e);
            }
            if (attempt >= config.maxRetries()) {
                failures.incrementAndGet();
                throw new EmbeddingException(config.endpoint() + " failed after " + (attempt + 1) + " attempts, last: " + lastProblem);
            }
            retries.incrementAndGet();
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddingException("interrupted while waiting to retry " + config.endpoint(), e);
            }
        }
    }

    private static int attemptNumber(int attempt) {
        return Math.min(attempt, 30);
    }

    /** Equal jitter: half the exponential delay fixed, half random; never above maxBackoff. */
    private Duration backoff(int attempt) {
        long max = config.maxBackoff().toMillis();
        long d = Math.min(max, config.initialBackoff().toMillis() << attempt);
        long half = d / 2;
        return Duration.ofMillis(half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
    }

    private List<float[]> accept(EmbeddingsJson.Response r) {
        int expected = dimension;
        for (float[] v : r.vectors()) {
            if (expected == 0) {
                expected = v.length;
            }
            if (v.length != expected) {
                failures.incrementAndGet();
                throw new EmbeddingException(config.endpoint() + " returned a vector of " + v.length
                        + " components, expected " + expected + " (model " + config.model() + ")");
            }
        }
        if (dimension == 0 && expected > 0) {
            dimension = expected;
        }
        promptTokens.addAndGet(r.promptTokens());
        return r.vectors();
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("embeddedTexts", texts.get());
        m.put("httpRequests", requests.get());
        m.put("httpRetries", retries.get());
        m.put("httpFailures", failures.get());
        m.put("promptTokens", promptTokens.get());
        return m;
    }
}
