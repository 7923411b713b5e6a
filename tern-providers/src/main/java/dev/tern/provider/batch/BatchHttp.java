package dev.tern.provider.batch;

import dev.tern.batch.BatchPolling;
import dev.tern.cancel.Cancellation;
import dev.tern.json.Json;
import dev.tern.model.ModelException;
import dev.tern.model.ModelProvider;
import dev.tern.provider.internal.ErrorMapper;
import dev.tern.http.HttpTransport;
import dev.tern.http.Abort;
import dev.tern.http.TransportRequest;
import dev.tern.http.TransportResponse;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.http.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The batch APIs' HTTP exchanges (JSON, multipart uploads, file downloads) on the runtime's shared
 * {@code tern-http} transport, with the provider's retry policy and error mapping (the providers'
 * {@code internal.ErrorMapper}), cancellable by the caller's token (linked to the exchange's {@link Abort}).
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
    private final List<String> headers;

    BatchHttp(HttpTransport transport, ProviderConfig config, Map<String, String> authHeaders) {
        this.transport = transport;
        this.config = config;
        this.errors = new ErrorMapper(config.provider(), config.apiKey());
        List<String> h = new ArrayList<>();
        authHeaders.forEach((k, v) -> { h.add(k); h.add(v); });
        config.headers().forEach((k, v) -> { h.add(k); h.add(v); });
        this.headers = List.copyOf(h);
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
        List<String> h = new ArrayList<>(headers);
        h.add("accept");
        h.add("application/json");
        if (body != null) {
            h.add("content-type");
            h.add(contentType);
        }
        TransportRequest request = new TransportRequest(method, uri, h, body == null ? null : TransportRequest.Body.of(body),
                new TransportRequest.Timeouts(config.connectTimeout(), config.firstByteTimeout(), config.idleTimeout()));
        RetryPolicy policy = config.retry();
        for (int retry = 0; ; retry++) {
            ModelException failure;
            Boolean serverSays = null;
            if (cancel != null && cancel.isCancelled()) throw ModelProvider.cancelled(cancel, config.provider());
            Abort abort = new Abort();
            Cancellation.Registration reg = cancel == null ? null : cancel.onCancel(() -> abort.abort("cancelled"));
            try (TransportResponse r = transport.send(request, abort)) {
                byte[] bytes = r.body().readAllBytes();
                if (r.status() >= 200 && r.status() < 300) return new Response(r.status(), bytes);
                String should = r.headers().first("x-should-retry");
                serverSays = should == null ? null : should.strip().equalsIgnoreCase("true");
                failure = errors.fromResponse(r.status(), r.headers(), bytes, Instant.now());
            } catch (IOException e) {
                if (cancel != null && cancel.isCancelled()) throw ModelProvider.cancelled(cancel, config.provider());
                failure = errors.fromIo(e, config);
            } finally {
                if (reg != null) reg.close();
            }
            if (retry >= policy.maxRetries() || !policy.retryable(failure, serverSays)) throw failure;
            Duration delay = policy.delay(retry + 1, failure.retryAfter());
            BatchPolling.sleep(delay, cancel, config.provider());
        }
    }
}
