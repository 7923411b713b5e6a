package dev.tern.provider.http;

import dev.tern.model.ModelException;
import dev.tern.model.ModelException.Kind;
import dev.tern.model.StreamListener;
import tools.jackson.core.JacksonException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The request loop every provider shares: rate limiter and concurrency slot, send on the shared
 * client, time-to-headers and stream-idle timeouts, error mapping, and retries with backoff that
 * stop as soon as streamed output has reached the listener.
 */
public final class ProviderHttp {

    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final Duration DRAIN_GRACE = Duration.ofMillis(250);

    /** Reads a 2xx response; may call the listener; failures are IOException, JacksonException or ModelException. */
    @FunctionalInterface
    public interface ResponseReader<T> {
        T read(HttpResponse<BodyStream> response, TrackingListener listener) throws IOException;
    }

    private final HttpTransport transport;
    private final ProviderConfig config;
    private final RateLimiter limiter;
    private final ErrorMapper errors;
    private final String[] fixedHeaders;

    /**
     * @param authHeaders provider-specific headers (auth, version) sent with every request; the
     *                    config's extra headers are added after them
     */
    public ProviderHttp(HttpTransport transport, ProviderConfig config, Map<String, String> authHeaders) {
        this.transport = transport;
        this.config = config;
        this.limiter = new RateLimiter(config.provider(), config.maxConcurrency());
        this.errors = new ErrorMapper(config.provider(), config.apiKey());
        List<String> h = new ArrayList<>();
        h.add("content-type");
        h.add("application/json");
        authHeaders.forEach((k, v) -> { h.add(k); h.add(v); });
        config.headers().forEach((k, v) -> { h.add(k); h.add(v); });
        this.fixedHeaders = h.toArray(String[]::new);
    }

    public ProviderConfig config() { return config; }

    public RateLimiter limiter() { return limiter; }

    public ErrorMapper errors() { return errors; }

    /**
     * POSTs {@code body} to {@code baseUrl + path} and reads the answer with {@code reader},
     * retrying transient failures.
     *
     * @param listener     the caller's listener, or null
     */
    public <T> T post(String path, JsonBody body, boolean stream, StreamListener listener, ResponseReader<T> reader) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(config.baseUrl() + path))
                .timeout(config.connectTimeout().plus(config.firstByteTimeout()))
                .headers(fixedHeaders)
                .header("accept", stream ? "text/event-stream" : "application/json")
                .POST(body.publisher());
        HttpRequest request = rb.build();
        TrackingListener tracking = new TrackingListener(listener);
        RetryPolicy policy = config.retry();
        int retry = 0;
        while (true) {
            Attempt<T> outcome = attempt(request, tracking, reader);
            if (outcome.failure() == null) return outcome.value();
            ModelException failure = outcome.failure();
            if (failure.kind() == Kind.CANCELLED || retry >= policy.maxRetries()
                    || !policy.retryable(failure, outcome.serverSaysRetry())) {
                throw failure;
            }
            if (tracking.delivered()) {
                throw new ModelException(failure.kind(), failure.provider(), failure.status(),
                        failure.getMessage() + " (not retried: part of the answer was already streamed)",
                        failure.retryAfter(), failure.getCause());
            }
            retry++;
            Duration delay = policy.delay(retry, failure.retryAfter());
            if (failure.kind() == Kind.RATE_LIMITED || failure.kind() == Kind.OVERLOADED) {
                limiter.pauseFor(delay); // everyone backs off together
            }
            tracking.onRetry(retry, delay, failure.getMessage());
            sleep(delay);
        }
    }

    /** The result of one try: a value, or the failure and the server's {@code x-should-retry} (null if absent). */
    private record Attempt<T>(T value, ModelException failure, Boolean serverSaysRetry) {
        static <T> Attempt<T> failed(ModelException e) { return new Attempt<>(null, e, null); }
    }

    private <T> Attempt<T> attempt(HttpRequest request, TrackingListener tracking, ResponseReader<T> reader) {
        RateLimiter.Permit permit;
        try {
            permit = limiter.acquire();
        } catch (ModelException cancelled) {
            return Attempt.failed(cancelled);
        }
        try {
            HttpResponse<BodyStream> response = transport.client().send(request, BodyStream.handler(config.idleTimeout()));
            try (BodyStream body = response.body()) {
                Instant now = Instant.now();
                Duration exhausted = RateLimitHeaders.exhaustedFor(response.headers(), now);
                if (exhausted != null) limiter.pauseFor(min(exhausted, config.retry().maxWait()));
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    T value = reader.read(response, tracking);
                    body.drain(DRAIN_GRACE); // keep the connection for the next request
                    return new Attempt<>(value, null, null);
                }
                Boolean serverSays = response.headers().firstValue("x-should-retry")
                        .map(v -> v.strip().equalsIgnoreCase("true")).orElse(null);
                return new Attempt<>(null, errors.fromResponse(status, response.headers(),
                        body.readAtMost(MAX_ERROR_BODY), now), serverSays);
            }
        } catch (ModelException e) {
            return Attempt.failed(e);
        } catch (IOException e) {
            return Attempt.failed(errors.fromIo(e, config));
        } catch (JacksonException e) {
            // Jackson 3 wraps I/O failures (stalls, resets) met while parsing: report those as what they are
            if (e.getCause() instanceof IOException io) return Attempt.failed(errors.fromIo(io, config));
            return Attempt.failed(errors.protocol(e.getOriginalMessage(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.failed(errors.error(Kind.CANCELLED, "interrupted", e));
        } finally {
            permit.close();
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw errors.error(Kind.CANCELLED, "interrupted while waiting to retry", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
