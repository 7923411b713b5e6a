package dev.tern.serve.openai;

import dev.tern.json.Json;
import dev.tern.run.AgentEvent;
import dev.tern.run.RunResult;
import tools.jackson.databind.node.ObjectNode;

/** Tern's progress notes (the tool timeline the terminal draws), as small JSON objects for SSE comments and the web UI. */
public final class Progress {

    private static final int MAX_ARGS = 300;

    private Progress() { }

    public static ObjectNode toolStarted(AgentEvent.ToolStarted t) {
        ObjectNode n = base("tool_started", t.agent());
        n.put("id", t.callId()).put("tool", t.tool());
        String args = t.argumentsJson() == null ? "" : t.argumentsJson();
        n.put("args", args.length() > MAX_ARGS ? args.substring(0, MAX_ARGS) + "…" : args);
        return n;
    }

    public static ObjectNode toolFinished(AgentEvent.ToolFinished t) {
        ObjectNode n = base("tool_finished", t.agent());
        n.put("id", t.callId()).put("tool", t.tool()).put("ms", t.elapsed().toMillis()).put("error", t.error())
                .put("source", t.source().name().toLowerCase()).put("chars", t.resultChars());
        return n;
    }

    public static ObjectNode toolProgress(AgentEvent.ToolProgress p) {
        ObjectNode n = base("tool_progress", p.agent());
        n.put("id", p.callId()).put("tool", p.tool()).put("message", p.message()).put("fraction", p.fraction());
        return n;
    }

    public static ObjectNode retrying(AgentEvent.ModelRetrying r) {
        ObjectNode n = base("retrying", r.agent());
        n.put("model", r.model()).put("attempt", r.attempt()).put("delayMs", r.delay().toMillis()).put("reason", r.reason());
        return n;
    }

    /** The end of a run: outcome, model calls, tool calls, wall time, tokens and cost. */
    public static ObjectNode finished(RunResult r, String session) {
        ObjectNode n = base("run_finished", null);
        n.put("outcome", r.outcome().name().toLowerCase()).put("iterations", r.iterations()).put("toolCalls", r.toolCalls())
                .put("wallMs", r.wall().toMillis()).put("inputTokens", r.usage().totalInputTokens())
                .put("outputTokens", r.usage().outputTokens()).put("costUsd", r.costUsd());
        if (r.reason() != null) n.put("reason", r.reason());
        if (session != null) n.put("session", session);
        return n;
    }

    /**
     * {@link #finished} as JSON text, written without a tree (it ends every streamed answer: the hot path).
     */
    public static String finishedJson(RunResult r, String session) {
        StringBuilder b = new StringBuilder(224).append("{\"type\":\"run_finished\",\"outcome\":");
        quote(b, r.outcome().name().toLowerCase()).append(",\"iterations\":").append(r.iterations())
                .append(",\"toolCalls\":").append(r.toolCalls()).append(",\"wallMs\":").append(r.wall().toMillis())
                .append(",\"inputTokens\":").append(r.usage().totalInputTokens()).append(",\"outputTokens\":").append(r.usage().outputTokens())
                .append(",\"costUsd\":").append(Double.isFinite(r.costUsd()) ? Double.toString(r.costUsd()) : "0.0");
        if (r.reason() != null) quote(b.append(",\"reason\":"), r.reason());
        if (session != null) quote(b.append(",\"session\":"), session);
        return b.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        tools.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s, b);
        return b.append('"');
    }

    private static ObjectNode base(String type, String agent) {
        ObjectNode n = Json.object();
        n.put("type", type);
        if (agent != null) n.put("agent", agent);
        return n;
    }
}
