package dev.tern.serve.observe;

import dev.tern.model.StopReason;
import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import dev.tern.run.RunResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One turn's events as OpenTelemetry GenAI spans — {@code invoke_agent <agent>} per run, {@code chat <model>}
 * per model call under it, {@code execute_tool <tool>} per tool call under the chat that asked for it — and as
 * GenAI metrics. Spans start and end when the events happen (they are the real times). Thread-safe: tool
 * events arrive from the tools' threads.
 */
public final class GenAiListener implements AgentListener {

    private static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");

    private final Telemetry telemetry;
    private final Tracer tracer;
    private final Context parent;
    private final String provider;
    private final String session;
    private final String requestId;
    private final Map<String, Span> runs = new ConcurrentHashMap<>();
    private final Map<String, Span> calls = new ConcurrentHashMap<>();
    private final Map<String, Span> lastChat = new ConcurrentHashMap<>();
    private final Map<String, Span> tools = new ConcurrentHashMap<>();
    private final Map<String, Long> callStarts = new ConcurrentHashMap<>();
    private volatile Span top;

    GenAiListener(Telemetry telemetry, Tracer tracer, Context parent, String provider, String session, String requestId) {
        this.requestId = requestId;
        this.telemetry = telemetry;
        this.tracer = tracer;
        this.parent = parent;
        this.provider = provider;
        this.session = session;
    }

    @Override
    public void onEvent(AgentEvent e) {
        switch (e) {
            case AgentEvent.RunStarted s -> runStarted(s);
            case AgentEvent.ModelRequested m -> {
                callStarts.put(m.runId() + "/" + m.iteration(), System.nanoTime());
                if (tracer == null) return;
                Span run = runs.get(m.runId());
                Span chat = tracer.spanBuilder("chat " + m.model()).setSpanKind(SpanKind.CLIENT)
                        .setParent(run == null ? parent : parent.with(run)).setAttribute(Telemetry.OPERATION, "chat")
                        .setAttribute(Telemetry.PROVIDER, provider).setAttribute(Telemetry.REQUEST_MODEL, m.model())
                        .setAttribute("gen_ai.agent.name", m.agent()).startSpan();
                calls.put(m.runId() + "/" + m.iteration(), chat);
                lastChat.put(m.runId(), chat);
            }
            case AgentEvent.ModelRetrying r -> {
                Span chat = lastChat.get(r.runId());
                if (chat != null) chat.addEvent("retry " + r.attempt() + ": " + r.reason());
            }
            case AgentEvent.ModelResponded r -> modelResponded(r);
            case AgentEvent.ToolStarted t -> {
                if (tracer == null) return;
                Span chat = lastChat.get(t.runId());
                Span run = runs.get(t.runId());
                Context p = chat != null ? parent.with(chat) : run != null ? parent.with(run) : parent;
                tools.put(t.runId() + "/" + t.callId(), tracer.spanBuilder("execute_tool " + t.tool()).setSpanKind(SpanKind.INTERNAL)
                        .setParent(p).setAttribute(Telemetry.OPERATION, "execute_tool").setAttribute("gen_ai.tool.name", t.tool())
                        .setAttribute("gen_ai.tool.call.id", t.callId()).setAttribute("gen_ai.tool.type", "function").startSpan());
            }
            case AgentEvent.ToolFinished t -> {
                Span s = tools.remove(t.runId() + "/" + t.callId());
                if (s == null) return;
                s.setAttribute("tern.tool.source", t.source().name().toLowerCase());
                if (t.error()) s.setStatus(StatusCode.ERROR, "tool returned an error");
                s.end();
            }
            case AgentEvent.RunFailed f -> {
                Span s = runs.get(f.runId());
                if (s != null) {
                    if (f.error() != null) s.recordException(f.error());
                    s.setStatus(StatusCode.ERROR, f.reason());
                }
            }
            case AgentEvent.RunFinished f -> runFinished(f.runId(), f.result());
            default -> { }
        }
    }

    private void runStarted(AgentEvent.RunStarted s) {
        if (tracer == null) return;
        Span up = top;
        Span span = tracer.spanBuilder("invoke_agent " + s.agent()).setSpanKind(SpanKind.INTERNAL)
                .setParent(up == null ? parent : parent.with(up)).setAttribute(Telemetry.OPERATION, "invoke_agent")
                .setAttribute("gen_ai.agent.name", s.agent()).setAttribute(Telemetry.PROVIDER, provider).startSpan();
        if (session != null) span.setAttribute("gen_ai.conversation.id", session);
        if (requestId != null) span.setAttribute(Telemetry.REQUEST_ID, requestId);
        runs.put(s.runId(), span);
        if (up == null) top = span;
    }

    private void modelResponded(AgentEvent.ModelResponded r) {
        String key = r.runId() + "/" + r.iteration();
        callStarts.remove(key);
        String responseModel = r.model();
        telemetry.modelCall(provider, r.model(), responseModel, r.usage().totalInputTokens(), r.usage().outputTokens(), r.elapsed().toNanos());
        Span chat = calls.remove(key);
        if (chat == null) return;
        chat.setAttribute(Telemetry.RESPONSE_MODEL, responseModel)
                .setAttribute("gen_ai.usage.input_tokens", r.usage().totalInputTokens())
                .setAttribute("gen_ai.usage.output_tokens", r.usage().outputTokens())
                .setAttribute("gen_ai.usage.cache_read.input_tokens", r.usage().cacheReadTokens())
                .setAttribute(FINISH_REASONS, List.of(finishReason(r.stopReason())));
        chat.end();
    }

    private void runFinished(String runId, RunResult result) {
        Span run = runs.remove(runId);
        if (run == null) return;
        // calls that never answered (a failed or cancelled call) end with the run
        calls.entrySet().removeIf(en -> {
            if (!en.getKey().startsWith(runId + "/")) return false;
            en.getValue().setStatus(StatusCode.ERROR, "no answer: " + result.outcome().name().toLowerCase());
            en.getValue().end();
            return true;
        });
        lastChat.remove(runId);
        run.setAttribute("gen_ai.usage.input_tokens", result.usage().totalInputTokens())
                .setAttribute("gen_ai.usage.output_tokens", result.usage().outputTokens())
                .setAttribute("tern.outcome", result.outcome().name().toLowerCase());
        if (result.outcome() == RunResult.Outcome.FAILED) run.setStatus(StatusCode.ERROR, String.valueOf(result.reason()));
        run.end();
    }

    private static String finishReason(StopReason s) {
        if (s == null) return "stop";
        return switch (s) {
            case TOOL_USE -> "tool_calls";
            case MAX_TOKENS -> "length";
            default -> "stop";
        };
    }
}
