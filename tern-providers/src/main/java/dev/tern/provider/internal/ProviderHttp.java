package dev.tern.provider.internal;

import dev.tern.cancel.Cancellation;
import dev.tern.http.Abort;
import dev.tern.http.HttpTransport;
import dev.tern.http.TransportRequest;
import dev.tern.http.TransportResponse;
import dev.tern.model.ModelException;
import dev.tern.model.ModelException.Kind;
import dev.tern.model.ModelProvider;
import dev.tern.model.StreamListener;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.http.RetryPolicy;
import tools.jackson.core.JacksonException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request loop every provider shares: rate limiter and concurrency slot, send on the shared
 * transport, error mapping, retries with backoff that stop as soon as streamed output has reached the
 * listener, and the run's {@link Cancellation} honoured in every phase (waiting for a slot, connecting,
 * waiting for headers, reading the body, waiting to retry): the exchange is aborted at once and the
 * call ends CANCELLED, or TIMEOUT when the run's deadline passed.
 */
public final class ProviderHttp {

    private static final int MAX_ERROR_BODY = 64 * 1024;

    /** Reads a 2xx response; may call the listener; failures are IOException, JacksonException or ModelException. */
    @FunctionalInterface
    public interface ResponseReader<T> {
        T read(TransportResponse response, TrackingListener listener) throws IOException;
    }

    private final HttpTransport transport;
    private final ProviderConfig config;
    private final RateLimiter limiter;
    private final ErrorMapper errors;
    private final List<String> streamHeaders;
    private final List<String> jsonHeaders;
    private final List<String> getHeaders;
    private final TransportRequest.Timeouts timeouts;
    private final Map<String, URI> uris = new ConcurrentHashMap<>();

    /**
     * @param authHeaders provider-specific headers (auth, version) sent with every request; the
     *                    config's extra headers are added after them
     */
    public ProviderHttp(HttpTransport transport, ProviderConfig config, Map<String, String> authHeaders) {
        this.transport = transport;
        this.config = config;
        this.limiter = new RateLimiter(config.provider(), config.maxConcurrency(), config.rateLimits(), config.account());
        this.errors = new ErrorMapper(config.provider(), config.apiKey());
        List<String> h = new ArrayList<>();
        authHeaders.forEach((k, v) -> { h.add(k); h.add(v); });
        config.headers().forEach((k, v) -> { h.add(k); h.add(v); });
        this.getHeaders = withAccept(h, "application/json", false);
        this.jsonHeaders = withAccept(h, "application/json", true);
        this.streamHeaders = withAccept(h, "text/event-stream", true);
        this.timeouts = new TransportRequest.Timeouts(config.connectTimeout(), config.firstByteTimeout(), config.idleTimeout());
    }

    private static List<String> withAccept(List<String> base, String accept, boolean json) {
        List<String> h = new ArrayList<>(base.size() + 4);
        if (json) {
            h.add("content-type");
            h.add("application/json");
        }
        h.add("accept");
        h.add(accept);
        h.addAll(base);
        return List.copyOf(h);
    }

    public ProviderConfig config() { return config; }

    public RateLimiter limiter() { return limiter; }

    public ErrorMapper errors() { return errors; }

    public HttpTransport transport() { return transport; }

    /**
     * POSTs {@code body} to {@code baseUrl + path} and reads the answer with {@code reader},
     * retrying transient failures.
     *
     * @param listener the caller's listener, or null
     * @param cancel   the run's token, or null
     */
    public <T> T post(String path, JsonBody body, boolean stream, StreamListener listener, Cancellation cancel,
                      ResponseReader<T> reader) {
        TransportRequest request = TransportRequest.post(uri(path), stream ? streamHeaders : jsonHeaders, body.asBody(), timeouts);
        return execute(() -> request, listener, cancel, reader);
    }

    /**
     * Like {@link #post(String, JsonBody, boolean, StreamListener, Cancellation, ResponseReader)}, with the body
     * written only once the call holds its permit (and reused by retries), released at the end. A call queued for
     * the provider's concurrency limit holds no body: with 1 000 turns queued behind 64 permits, 1 000 bodies of
     * ~10 KB had lived through the wait, survived young collections and been promoted to the old generation.
     */
    public <T> T post(String path, java.util.function.Supplier<JsonBody> body, boolean stream, StreamListener listener,
                      Cancellation cancel, ResponseReader<T> reader) {
        URI uri = uri(path);
        List<String> headers = stream ? streamHeaders : jsonHeaders;
        JsonBody[] written = new JsonBody[1];
        try {
            return execute(() -> {
                if (written[0] == null) written[0] = body.get();
                return TransportRequest.post(uri, headers, written[0].asBody(), timeouts);
            }, listener, cancel, reader);
        } finally {
            if (written[0] != null) written[0].release();
        }
    }

    /** Opens a connection to the server of {@code baseUrl + path} ahead of the first call ({@link HttpTransport#preconnect}). */
    public boolean preconnect(String path) throws java.io.IOException {
        return transport.preconnect(uri(path));
    }

    /** GETs {@code baseUrl + path} (model lists), with the same retries and cancellation. */
    public <T> T get(String path, Cancellation cancel, ResponseReader<T> reader) {
        TransportRequest request = TransportRequest.get(uri(path), getHeaders, timeouts);
        return execute(() -> request, null, cancel, reader);
    }

    private URI uri(String path) {
        URI u = uris.get(path);
        if (u == null) {
            u = URI.create(config.baseUrl() + path);
            uris.put(path, u);
        }
        return u;
    }

    private <T> T execute(java.util.function.Supplier<TransportRequest> request, StreamListener listener, Cancellation cancel,
                          ResponseReader<T> reader) {
        if (cancel != null && cancel.isCancelled()) throw ModelProvider.cancelled(cancel, config.provider());
        Abort abort = cancel == null ? Abort.NEVER : new Abort();
        Cancellation.Registration link = cancel == null ? null : cancel.onCancel(() -> abort.abort(cancel.reason()));
        try {
            TrackingListener tracking = new TrackingListener(listener);
            RetryPolicy policy = config.retry();
            int retry = 0;
            while (true) {
                Attempt<T> outcome = attempt(request, tracking, reader, abort);
                if (outcome.failure() == null) return outcome.value();
                if (abort.isAborted()) throw cancelled(cancel, outcome.failure());
                if (Thread.currentThread().isInterrupted()) throw interrupted(outcome.failure());
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
                if (abort.sleep(delay)) throw abort.isAborted() ? cancelled(cancel, failure) : interrupted(failure);
            }
        } finally {
            if (link != null) link.close();
        }
    }

    private ModelException cancelled(Cancellation cancel, Throwable cause) {
        ModelException e = ModelProvider.cancelled(cancel, config.provider());
        if (cause != null && cause != e) e.addSuppressed(cause);
        return e;
    }

    /** The calling thread was interrupted (a chat's Ctrl-C): the call ends CANCELLED, the interrupt status kept. */
    private ModelException interrupted(Throwable cause) {
        ModelException e = errors.error(Kind.CANCELLED, "interrupted", null);
        if (cause != null) e.addSuppressed(cause);
        return e;
    }

    /** The result of one try: a value, or the failure and the server's {@code x-should-retry} (null if absent). */
    private record Attempt<T>(T value, ModelException failure, Boolean serverSaysRetry) {
        static <T> Attempt<T> failed(ModelException e) { return new Attempt<>(null, e, null); }
    }

    /** One try: the permit first, then the request (its body is written only now), then the exchange. */
    private <T> Attempt<T> attempt(java.util.function.Supplier<TransportRequest> request, TrackingListener tracking, ResponseReader<T> reader,
                                   Abort abort) {
        RateLimiter.Permit permit;
        try {
            permit = limiter.acquire(abort);
        } catch (ModelException cancelled) {
            return Attempt.failed(cancelled);
        }
        try (permit; TransportResponse response = transport.send(request.get(), abort)) {
            Instant now = Instant.now();
            Duration exhausted = RateLimitHeaders.exhaustedFor(response.headers(), now);
            if (exhausted != null) limiter.pauseFor(min(exhausted, config.retry().maxWait()));
            int status = response.status();
            if (status >= 200 && status < 300) {
                return new Attempt<>(reader.read(response, tracking), null, null);
            }
            String should = response.headers().first("x-should-retry");
            Boolean serverSays = should == null ? null : should.strip().equalsIgnoreCase("true");
            return new Attempt<>(null, errors.fromResponse(status, response.headers(),
                    readAtMost(response.body(), MAX_ERROR_BODY), now), serverSays);
        } catch (ModelException e) {
            return Attempt.failed(e);
        } catch (IOException e) {
            return Attempt.failed(errors.fromIo(e, config));
        } catch (JacksonException e) {
            // Jackson 3 wraps I/O failures (stalls, resets) met while parsing: report those as what they are
            if (e.getCause() instanceof IOException io) return Attempt.failed(errors.fromIo(io, config));
            return Attempt.failed(errors.protocol(e.getOriginalMessage(), e));
        }
    }

    /** Reads the rest of a body, keeping at most {@code limit} bytes. */
    static byte[] readAtMost(InputStream in, int limit) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf, 0, buf.length)) >= 0) {
            int room = limit - out.size();
            if (room > 0) out.write(buf, 0, Math.min(room, n));
        }
        return out.toByteArray();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
