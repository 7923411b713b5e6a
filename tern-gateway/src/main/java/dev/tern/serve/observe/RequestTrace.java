package dev.tern.serve.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/**
 * The trace of one HTTP request: its request id (the {@code x-request-id} answer header, in every log line of
 * the request and an attribute of its spans), its trace id (the {@code X-Trace-Id} answer header), and — when
 * tracing is on — its server span and context, the parent of the turn's {@code invoke_agent} span.
 */
public record RequestTrace(String requestId, String traceId, Span span, Context context, long startNanos) {

    /** For turns that no HTTP request started (channels, cron, MCP over stdio). */
    public static RequestTrace none() {
        return new RequestTrace(TraceIds.requestId(null), TraceIds.random(), null, Context.root(), System.nanoTime());
    }

    /** {@code request=<id> trace=<id>}: how a log line names the request. */
    public String logPrefix() { return "request=" + requestId + " trace=" + traceId; }
}
