package dev.tern.cli;

import dev.tern.json.Json;
import dev.tern.model.AssistantMessage;
import dev.tern.model.Message;
import dev.tern.model.SystemMessage;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.Usage;
import dev.tern.model.UserMessage;
import dev.tern.run.AgentEvent;
import dev.tern.run.RunResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;

/**
 * The JSON shapes of {@code --output-format stream-json}: one object per {@link AgentEvent}, with a
 * stable {@code type} (snake case of the event: {@code model_requested}, {@code text_delta},
 * {@code tool_finished}, ...), the run and agent, and the event's fields; durations in milliseconds
 * ({@code elapsedMs}), tool arguments as JSON.
 */
final class EventJson {

    private EventJson() { }

    static Map<String, Object> of(AgentEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type(e));
        m.put("run", e.runId());
        m.put("agent", e.agent());
        switch (e) {
            case AgentEvent.RunStarted s -> m.put("input", s.input());
            case AgentEvent.ModelRequested r -> {
                m.put("iteration", r.iteration());
                m.put("model", r.model());
                m.put("messages", r.messages());
            }
            case AgentEvent.ModelRetrying r -> {
                m.put("model", r.model());
                m.put("attempt", r.attempt());
                m.put("delayMs", r.delay().toMillis());
                m.put("reason", r.reason());
            }
            case AgentEvent.TextDelta d -> m.put("text", d.text());
            case AgentEvent.ThinkingDelta d -> m.put("text", d.text());
            case AgentEvent.ModelResponded r -> {
                m.put("iteration", r.iteration());
                m.put("model", r.model());
                m.put("usage", usage(r.usage()));
                m.put("elapsedMs", r.elapsed().toMillis());
                if (r.firstToken() != null) m.put("firstTokenMs", r.firstToken().toMillis());
                m.put("stopReason", r.stopReason() == null ? null : r.stopReason().name().toLowerCase(Locale.ROOT));
                m.put("toolCalls", r.toolCalls());
            }
            case AgentEvent.ModelCacheHit h -> {
                m.put("iteration", h.iteration());
                m.put("model", h.model());
                m.put("coalesced", h.coalesced());
                m.put("lookupUs", h.lookup().toNanos() / 1000);
                m.put("savedTokens", h.savedTokens());
                m.put("savedUsd", h.savedUsd());
            }
            case AgentEvent.ToolStarted t -> {
                m.put("callId", t.callId());
                m.put("tool", t.tool());
                m.put("arguments", arguments(t.argumentsJson()));
            }
            case AgentEvent.ToolProgress p -> {
                m.put("callId", p.callId());
                m.put("tool", p.tool());
                m.put("message", p.message());
                if (p.fraction() >= 0) m.put("fraction", p.fraction());
            }
            case AgentEvent.ApprovalRequested a -> {
                m.put("callId", a.callId());
                m.put("tool", a.tool());
                m.put("summary", a.summary());
            }
            case AgentEvent.ApprovalResolved a -> {
                m.put("callId", a.callId());
                m.put("tool", a.tool());
                m.put("approved", a.approved());
            }
            case AgentEvent.ToolFinished f -> {
                m.put("callId", f.callId());
                m.put("tool", f.tool());
                m.put("elapsedMs", f.elapsed().toMillis());
                m.put("error", f.error());
                m.put("source", f.source().name().toLowerCase(Locale.ROOT));
                m.put("resultChars", f.resultChars());
            }
            case AgentEvent.MessageAdded a -> m.put("message", message(a.message()));
            case AgentEvent.RunFinished f -> {
                RunResult r = f.result();
                m.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
                m.put("reason", r.reason());
                m.put("usage", usage(r.usage()));
                m.put("costUsd", r.costUsd());
                m.put("modelCalls", r.iterations());
                m.put("toolCalls", r.toolCalls());
                m.put("wallMs", r.wall().toMillis());
            }
            case AgentEvent.RunFailed f -> m.put("reason", f.reason());
        }
        return m;
    }

    /** {@code ModelRequested} → {@code model_requested}. */
    static String type(AgentEvent e) {
        String n = e.getClass().getSimpleName();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (Character.isUpperCase(c) && i > 0) b.append('_');
            b.append(Character.toLowerCase(c));
        }
        return b.toString();
    }

    static Map<String, Object> usage(Usage u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inputTokens", u.inputTokens());
        m.put("outputTokens", u.outputTokens());
        m.put("cacheReadTokens", u.cacheReadTokens());
        m.put("cacheWriteTokens", u.cacheWriteTokens());
        m.put("totalTokens", u.totalTokens());
        return m;
    }

    /** Tool arguments as JSON (the raw text when the model sent something that is not JSON). */
    static Object arguments(String json) {
        if (json == null || json.isBlank()) return Map.of();
        try {
            return Json.parse(json);
        } catch (JacksonException e) {
            return json;
        }
    }

    static Map<String, Object> message(Message msg) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (msg) {
            case UserMessage u -> {
                m.put("role", "user");
                m.put("text", u.text());
            }
            case SystemMessage s -> m.put("role", "system");
            case AssistantMessage a -> {
                m.put("role", "assistant");
                m.put("text", a.text());
                List<Map<String, Object>> calls = new ArrayList<>();
                for (ToolCall c : a.toolCalls()) {
                    Map<String, Object> call = new LinkedHashMap<>();
                    call.put("id", c.id());
                    call.put("name", c.name());
                    call.put("arguments", arguments(c.argumentsJson()));
                    calls.add(call);
                }
                if (!calls.isEmpty()) m.put("toolCalls", calls);
            }
            case ToolResultMessage r -> {
                m.put("role", "tool");
                m.put("toolCallId", r.toolCallId());
                m.put("tool", r.toolName());
                m.put("error", r.error());
                m.put("chars", r.content().length());
            }
        }
        return m;
    }

    static double seconds(Duration d) { return Math.round(d.toMillis()) / 1000.0; }

    static String write(Map<String, Object> m) { return Json.write(m); }
}
