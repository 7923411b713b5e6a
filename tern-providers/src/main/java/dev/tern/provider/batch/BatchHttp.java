package dev.tern.provider.batch;

import dev.tern.batch.BatchPolling;
import dev.tern.cancel.Cancellation;
import dev.tern.json.Json;
import dev.tern.model.ModelException;
import dev.tern.model.ModelProvider;
import dev.tern.provider.http.ErrorMapper;
import dev.tern.provider.http.HttpTransport;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.http.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The batch APIs' HTTP exchanges (JSON, multipart uploads, file downloads) on the runtime's shared
 * transport, with the provider's retry policy and error mapping, cancellable by the caller's token.
 * The only class of the batch package that touches the transport.
 */
final class BatchHttp {

    /** A 2xx answer. */
    record Response(int status, byte[] body) {
        JsonNode json(ErrorMapper errors) {
            try {
                JsonNode n = Json.MAPPER.readTree(body);
                if (n == null || !n.isObject()) throw errors.protocol("expected a JSON object", null);
                return n;
            } catch (JacksonException e) {
                throw errors.protocol("the answer is not JSON: " + e.getOriginalMessage(), e);
            }
        }
    }

    private final HttpTransport transport;
    private final ProviderConfig config;
    private final ErrorMapper errors;
    private final String[] headers;

    BatchHttp(HttpTransport transport, ProviderConfig config, Map<String, String> authHeaders) {
        this.transport = transport;
        this.config = config;
        this.errors = new ErrorMapper(config.provider(), config.apiKey());
        List<String> h = new ArrayList<>();
        authHeaders.forEach((k, v) -> { h.add(k); h.add(v); });
        config.headers().forEach((k, v) -> { h.add(k); h.add(v); });
        this.headers = h.toArray(String[]::new);
    }

    ErrorMapper errors() { return errors; }

    String provider() { return config.provider(); }

    /** GETs {@code pathOrUrl} (a path below the base URL, or an absolute URL the API gave). */
    Response get(String pathOrUrl, Cancellation cancel) {
        return send("GET", pathOrUrl, null, null, cancel);
    }

    Response postJson(String path, JsonNode body, Cancellation cancel) {
        return send("POST", path, "application/json", Json.MAPPER.writeValueAsBytes(body), cancel);
    }

    Response post(String path, String contentType, byte[] body, Cancellation cancel) {
        return send("POST", path, contentType, body, cancel);
    }

    private Response send(String method, String pathOrUrl, String contentType, byte[] body, Cancellation cancel) {
        URI uri = URI.create(pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://") ? pathOrUrl
                : config.baseUrl() + pathOrUrl);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.connectTimeout().plus(config.firstByteTimeout()));
        if (headers.length > 0) b.headers(headers);
        b.header("accept", "application/json");
        if (body != null) b.header("content-type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        else b.method(method, HttpRequest.BodyPublishers.noBody());
        HttpRequest request = b.build();
        RetryPolicy policy = config.retry();
        for (int retry = 0; ; retry++) {
            ModelException failure;
            Boolean serverSays = null;
            try {
                HttpResponse<byte[]> r = exchange(request, cancel);
                if (r.statusCode() >= 200 && r.statusCode() < 300) return new Response(r.statusCode(), r.body());
                serverSays = r.headers().firstValue("x-should-retry").map(v -> v.strip().equalsIgnoreCase("true")).orElse(null);
                failure = errors.fromResponse(r.statusCode(), r.headers(), r.body(), Instant.now());
            } catch (IOException e) {
                failure = errors.fromIo(e, config);
            }
            if (retry >= policy.maxRetries() || !policy.retryable(failure, serverSays)) throw failure;
            Duration delay = policy.delay(retry + 1, failure.retryAfter());
            BatchPolling.sleep(delay, cancel, config.provider());
        }
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, Cancellation cancel) throws IOException {
        if (cancel != null && cancel.isCancelled()) throw ModelProvider.cancelled(cancel, config.provider());
        CompletableFuture<HttpResponse<byte[]>> f = transport.client().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        Cancellation.Registration reg = cancel == null ? null : cancel.onCancel(() -> f.cancel(true));
        try {
            return f.get();
        } catch (CancellationException e) {
            throw ModelProvider.cancelled(cancel, config.provider());
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw errors.error(ModelException.Kind.CANCELLED, "interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IOException(e.getCause());
        } finally {
            if (reg != null) reg.close();
        }
    }
}
