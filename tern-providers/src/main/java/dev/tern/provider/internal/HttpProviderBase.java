package dev.tern.provider.internal;

import dev.tern.cancel.Cancellation;
import dev.tern.http.TransportResponse;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.StreamListener;
import dev.tern.provider.HttpModelProvider;
import dev.tern.provider.ModelInfo;
import dev.tern.provider.http.ProviderConfig;

import java.io.IOException;
import java.util.List;

/**
 * What the HTTP providers share: chat and stream calls through {@link ProviderHttp} with the run's
 * cancellation, the cached model list, the in-flight counts. Subclasses write and read their wire format.
 */
public abstract class HttpProviderBase implements HttpModelProvider {

    protected final ProviderHttp http;
    /** Request body buffers, reused from call to call. */
    protected final JsonBody.Buffers buffers = new JsonBody.Buffers(256, 4 << 20);
    private volatile List<ModelInfo> models;

    protected HttpProviderBase(ProviderHttp http) {
        this.http = http;
    }

    /** The chat endpoint relative to the base URL. */
    protected abstract String chatPath();

    /** The model list endpoint relative to the base URL. */
    protected abstract String modelsPath();

    /** The request body; from {@link #buffers} when {@code pooled}. */
    protected abstract JsonBody body(ChatRequest request, boolean stream, JsonBody.Buffers pool);

    protected abstract ChatResponse readWhole(TransportResponse response, String requestedModel) throws IOException;

    protected abstract ChatResponse readStream(TransportResponse response, TrackingListener listener, String requestedModel)
            throws IOException;

    @Override
    public String name() { return http.config().provider(); }

    @Override
    public ProviderConfig config() { return http.config(); }

    @Override
    public boolean preconnect() throws IOException { return http.preconnect(chatPath()); }

    @Override
    public int inFlight() { return http.limiter().inFlight(); }

    @Override
    public int peakInFlight() { return http.limiter().peakInFlight(); }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return chat(request, StreamListener.NONE, null);
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        return chat(request, listener, null);
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener, Cancellation cancel) {
        return http.post(chatPath(), () -> body(request, false, buffers), false, listener, cancel,
                (response, tracking) -> readWhole(response, request.model()));
    }

    @Override
    public ChatResponse stream(ChatRequest request, StreamListener listener) {
        return stream(request, listener, null);
    }

    @Override
    public ChatResponse stream(ChatRequest request, StreamListener listener, Cancellation cancel) {
        return http.post(chatPath(), () -> body(request, true, buffers), true, listener, cancel,
                (response, tracking) -> readStream(response, tracking, request.model()));
    }

    @Override
    public String requestJson(ChatRequest request, boolean stream) {
        return body(request, stream, null).toString();
    }

    @Override
    public List<ModelInfo> models(Cancellation cancel) {
        List<ModelInfo> m = models;
        if (m == null) {
            m = ModelLists.fetch(http, modelsPath(), cancel);
            models = m;
        }
        return m;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + http.config().baseUrl() + "]";
    }
}
