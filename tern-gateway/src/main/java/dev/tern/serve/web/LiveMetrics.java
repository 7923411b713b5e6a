package dev.tern.serve.web;

import dev.tern.cost.CostTotals;
import dev.tern.json.Json;
import dev.tern.metrics.Metrics;
import dev.tern.serve.http.Caller;
import dev.tern.serve.observe.Telemetry;
import dev.tern.serve.turn.TurnService;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/events}: the web UI's metrics panel, live over SSE — an {@code event: metrics} every
 * {@code period} while anything changes (and a comment every 15 s to keep proxies from closing the stream).
 * Model calls, tokens by kind, prompt- and tool-cache hit rates, the caller's cost, p50/p95 latencies.
 */
public final class LiveMetrics {

    private final Metrics metrics;
    private final Telemetry telemetry;
    private final TurnService turns;
    private final Duration period;
    private final BooleanSupplier stopping;

    public LiveMetrics(Metrics metrics, Telemetry telemetry, TurnService turns, Duration period, BooleanSupplier stopping) {
        this.metrics = metrics;
        this.telemetry = telemetry;
        this.turns = turns;
        this.period = period;
        this.stopping = stopping;
    }

    /** The panel's numbers now, for the caller. */
    public ObjectNode snapshot(Caller c) {
        Metrics.Snapshot s = metrics.snapshot();
        ObjectNode n = Json.object();
        n.put("modelCalls", s.counter("model.calls")).put("modelErrors", s.counter("model.errors")).put("retries", s.counter("model.retries"));
        long in = s.counter("model.tokens.input"), out = s.counter("model.tokens.output");
        long cr = s.counter("model.tokens.cache_read"), cw = s.counter("model.tokens.cache_write");
        n.putObject("tokens").put("input", in).put("output", out).put("cacheRead", cr).put("cacheWrite", cw);
        n.put("promptCacheHitRate", in + cr + cw == 0 ? 0 : (double) cr / (in + cr + cw));
        long hit = s.counter("cache.tool.hit"), miss = s.counter("cache.tool.miss"), coalesced = s.counter("cache.tool.coalesced");
        n.put("toolCalls", s.counter("tool.calls"));
        n.put("toolCacheHitRate", hit + miss + coalesced == 0 ? 0 : (double) (hit + coalesced) / (hit + miss + coalesced));
        CostTotals cost = c.space().costs().total();
        n.put("costUsd", cost.costUsd());
        Map<String, Double> lat = telemetry.latencies();
        n.putObject("modelLatencyMs").put("p50", lat.getOrDefault("model.p50", 0.0)).put("p95", lat.getOrDefault("model.p95", 0.0));
        n.putObject("requestLatencyMs").put("p50", lat.getOrDefault("request.p50", 0.0)).put("p95", lat.getOrDefault("request.p95", 0.0));
        n.put("runningTurns", turns.running());
        return n;
    }

    public void metrics(ServerRequest req, ServerResponse res, Caller c) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.write(snapshot(c)).getBytes(StandardCharsets.UTF_8));
    }

    public void stream(ServerRequest req, ServerResponse res, Caller c) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.create("X-Accel-Buffering"), "no");
        String last = null;
        long lastWrite = 0;
        try (OutputStream out = res.outputStream()) {
            while (!stopping.getAsBoolean()) {
                String now = Json.write(snapshot(c));
                long t = System.nanoTime();
                if (!now.equals(last)) {
                    out.write(("event: metrics\ndata: " + now + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    last = now;
                    lastWrite = t;
                } else if (t - lastWrite > 15_000_000_000L) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    lastWrite = t;
                }
                Thread.sleep(period);
            }
        } catch (IOException | RuntimeException e) {
            // the browser went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
