package dev.tern.serve.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/**
 * The trace of one HTTP request: its trace id (in every log line of the request, and in the
 * {@code traceparent} answer header), and — when tracing is on — its server span and context, the parent of
 * the turn's {@code invoke_agent} span.
 */
public record RequestTrace(String traceId, Span span, Context context, long startNanos) {

    /** For turns that no HTTP request started (channels, cron, MCP over stdio). */
    public static RequestTrace none() { return new RequestTrace(TraceIds.random(), null, Context.root(), System.nanoTime()); }
}
