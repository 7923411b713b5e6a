package dev.tern.serve.observe;

import dev.tern.metrics.Metrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Metrics and traces of the gateway. Metrics: one Micrometer Prometheus registry ({@code GET /metrics}) with
 * Tern's own counters and timers (taken where the work happens) and the OpenTelemetry GenAI metrics
 * {@code gen_ai.client.token.usage} and {@code gen_ai.client.operation.duration}. Traces: OpenTelemetry with
 * the GenAI conventions ({@code invoke_agent}, {@code chat}, {@code execute_tool} spans, {@code gen_ai.*}
 * attributes), exported over OTLP when {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or its traces variant) is set,
 * configured by the standard OTel environment variables; otherwise no SDK is created and a span costs nothing.
 */
public final class Telemetry implements AutoCloseable {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
    /** The span attribute that carries the request id (the {@code x-request-id} answer header). */
    public static final String REQUEST_ID_KEY = "tern.request.id";
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey(REQUEST_ID_KEY);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OpenTelemetrySdk otel;
    private final Tracer tracer;
    private final LongHistogram otelTokens;
    private final DoubleHistogram otelDuration;
    private final Timer requests;
    private final Timer modelLatency;
    private final Set<String> bridged = ConcurrentHashMap.newKeySet();
    private final Map<ModelKey, ModelMeters> meters = new ConcurrentHashMap<>();
    private final io.micrometer.core.instrument.binder.jvm.JvmGcMetrics gc = new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics();
    private final java.util.concurrent.CompletableFuture<Void> jvmMeters;

    private Telemetry(OpenTelemetrySdk otel) {
        this.otel = otel;
        this.tracer = otel == null ? null : otel.getTracer("dev.tern.serve");
        if (otel != null) {
            var meter = otel.getMeter("dev.tern.serve");
            this.otelTokens = meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}")
                    .setDescription("Number of input and output tokens used").build();
            this.otelDuration = meter.histogramBuilder("gen_ai.client.operation.duration").setUnit("s")
                    .setDescription("GenAI operation duration").build();
        } else {
            this.otelTokens = null;
            this.otelDuration = null;
        }
        // the JVM's meters reach the platform MXBeans (JMX, the cgroup files): ~0.4 s of a fresh JVM, bound on another
        // thread so the port opens without waiting for them; a scrape waits for them
        this.jvmMeters = java.util.concurrent.CompletableFuture.runAsync(() -> {
            new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
            new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
            gc.bindTo(registry); // jvm_gc_pause_seconds: what an operator reads first when latency jumps
            new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        }, r -> Thread.ofPlatform().daemon().name("tern-jvm-meters").start(r));
        this.requests = Timer.builder("tern.gateway.requests").description("HTTP requests of the gateway")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        this.modelLatency = Timer.builder("tern.model.latency").description("model call latency (first byte to end included)")
                .publishPercentiles(0.5, 0.95).register(registry);
    }

    /**
     * Tracing on when the environment names an OTLP endpoint ({@code OTEL_EXPORTER_OTLP_ENDPOINT} or
     * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) and {@code OTEL_SDK_DISABLED} is not {@code true}.
     */
    public static Telemetry create(Map<String, String> env) {
        boolean on = (env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT") || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
                && !"true".equalsIgnoreCase(env.get("OTEL_SDK_DISABLED"));
        if (!on) return new Telemetry(null);
        Map<String, String> props = new HashMap<>();
        props.put("otel.service.name", "tern");
        props.put("otel.logs.exporter", "none");
        // OTLP over HTTP/protobuf with the JDK's HttpClient (no gRPC stack on the class path)
        props.put("otel.exporter.otlp.protocol", "http/protobuf");
        // the caller's environment (the process's, or a test's) as OTel properties; the real environment still wins
        env.forEach((k, v) -> {
            if (k.startsWith("OTEL_")) props.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v);
        });
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> props)
                .disableShutdownHook().build().getOpenTelemetrySdk();
        return new Telemetry(sdk);
    }

    /** True when spans are recorded and exported. */
    public boolean tracing() { return tracer != null; }

    public PrometheusMeterRegistry registry() { return registry; }

    /**
     * The start of an HTTP request: a server span under an incoming {@code traceparent} (tracing on), or just a
     * trace id; the request id is an attribute ({@value #REQUEST_ID_KEY}) of the server span and the turn's spans.
     *
     * @param traceparent the incoming {@code traceparent} header, or null
     * @param requestId   the request's id ({@link TraceIds#requestId})
     */
    public RequestTrace startRequest(String method, String route, String traceparent, String requestId) {
        long start = System.nanoTime();
        if (tracer == null) {
            String id = TraceIds.fromTraceparent(traceparent);
            return new RequestTrace(requestId, id == null ? TraceIds.random() : id, null, Context.root(), start);
        }
        Context parent = traceparent == null ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of("traceparent", traceparent), GETTER);
        Span span = tracer.spanBuilder(method + " " + route).setSpanKind(SpanKind.SERVER).setParent(parent)
                .setAttribute("http.request.method", method).setAttribute("http.route", route)
                .setAttribute(REQUEST_ID, requestId).startSpan();
        return new RequestTrace(requestId, span.getSpanContext().getTraceId(), span, parent.with(span), start);
    }

    /** The end of an HTTP request. */
    public void endRequest(RequestTrace t, int status) {
        requests.record(System.nanoTime() - t.startNanos(), TimeUnit.NANOSECONDS);
        if (t.span() != null) {
            t.span().setAttribute("http.response.status_code", status);
            t.span().end();
        }
    }

    /** A listener for one turn: GenAI spans under {@code parent} and GenAI metrics. */
    public GenAiListener turn(RequestTrace parent, String provider, String session) {
        return new GenAiListener(this, tracer, parent == null ? Context.root() : parent.context(), provider, session,
                parent == null ? null : parent.requestId());
    }

    /** One model call finished (called by the turn listeners). */
    void modelCall(String provider, String requestModel, String responseModel, long inputTokens, long outputTokens, long nanos) {
        ModelMeters m = meters.computeIfAbsent(new ModelKey(provider, requestModel, responseModel), this::meters);
        m.duration().record(nanos, TimeUnit.NANOSECONDS);
        m.input().record(inputTokens);
        m.output().record(outputTokens);
        modelLatency.record(nanos, TimeUnit.NANOSECONDS);
        if (otelTokens != null) {
            otelTokens.record(inputTokens, m.otelInput());
            otelTokens.record(outputTokens, m.otelOutput());
            otelDuration.record(nanos / 1e9, m.otelBase());
        }
    }

    private record ModelKey(String provider, String requestModel, String responseModel) { }

    /** The meters of one (provider, request model, response model): made once, then only recorded into. */
    private record ModelMeters(Timer duration, DistributionSummary input, DistributionSummary output,
                               Attributes otelBase, Attributes otelInput, Attributes otelOutput) { }

    private ModelMeters meters(ModelKey k) {
        Timer duration = Timer.builder("gen_ai.client.operation.duration").description("GenAI operation duration")
                .tags("gen_ai.operation.name", "chat", "gen_ai.provider.name", k.provider(), "gen_ai.request.model", k.requestModel(),
                        "gen_ai.response.model", k.responseModel()).register(registry);
        Attributes base = Attributes.of(OPERATION, "chat", PROVIDER, k.provider(), REQUEST_MODEL, k.requestModel(), RESPONSE_MODEL, k.responseModel());
        return new ModelMeters(duration, summary(k, "input"), summary(k, "output"), base,
                base.toBuilder().put(TOKEN_TYPE, "input").build(), base.toBuilder().put(TOKEN_TYPE, "output").build());
    }

    private DistributionSummary summary(ModelKey k, String type) {
        return DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Number of input and output tokens used").tags("gen_ai.operation.name", "chat",
                        "gen_ai.provider.name", k.provider(), "gen_ai.request.model", k.requestModel(), "gen_ai.response.model", k.responseModel(),
                        "gen_ai.token.type", type).register(registry);
    }

    /** p50, p95 and p99 of the gateway's request latency and p50, p95 of model calls, in milliseconds. */
    public Map<String, Double> latencies() {
        Map<String, Double> out = new HashMap<>();
        for (var v : requests.takeSnapshot().percentileValues()) out.put("request.p" + (int) Math.round(v.percentile() * 100), v.value(TimeUnit.MILLISECONDS));
        for (var v : modelLatency.takeSnapshot().percentileValues()) out.put("model.p" + (int) Math.round(v.percentile() * 100), v.value(TimeUnit.MILLISECONDS));
        return out;
    }

    /** The Prometheus text exposition, with Tern's counters and timers bridged in first. */
    public String scrape(Metrics metrics) {
        jvmMeters.exceptionally(e -> null).join();   // the JVM's meters in every scrape, the first one included
        Metrics.Snapshot s = metrics.snapshot();
        for (String name : s.counters().keySet()) {
            if (bridged.add("c:" + name)) {
                FunctionCounter.builder("tern." + name, metrics, m -> m.count(name)).description("Tern counter " + name).register(registry);
            }
        }
        for (String name : s.timers().keySet()) {
            if (bridged.add("t:" + name)) {
                FunctionTimer.builder("tern." + name, metrics, m -> m.timerSnapshot(name).count(),
                        m -> m.timerSnapshot(name).totalNanos(), TimeUnit.NANOSECONDS).description("Tern timer " + name).register(registry);
            }
        }
        return registry.scrape();
    }

    /** Flushes and stops the exporters (spans still queued are sent). */
    @Override
    public void close() {
        if (otel != null) otel.shutdown().join(10, TimeUnit.SECONDS);
        jvmMeters.exceptionally(e -> null).join();
        gc.close(); // its GC notification listeners
        registry.close();
    }

    /** The OTel SDK (for tests), or null when tracing is off. */
    public OpenTelemetrySdk sdk() { return otel; }

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override public Iterable<String> keys(Map<String, String> carrier) { return carrier.keySet(); }

        @Override public String get(Map<String, String> carrier, String key) { return carrier == null ? null : carrier.get(key); }
    };

    static List<String> finishReasons(String stop) { return List.of(stop); }
}
