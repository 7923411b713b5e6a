package dev.tern.cli;

import dev.tern.model.AssistantMessage;
import dev.tern.model.ToolCall;
import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tool calls of a run (every agent's), as {@code --output-format json} reports them: name, arguments, error, elapsed. */
final class ToolCallLog implements AgentListener {

    private final Map<String, Map<String, Object>> calls = new LinkedHashMap<>();

    @Override
    public synchronized void onEvent(AgentEvent e) {
        switch (e) {
            case AgentEvent.MessageAdded m when m.message() instanceof AssistantMessage a -> {
                for (ToolCall c : a.toolCalls()) entry(c.id(), e.agent(), c.name()).put("arguments", EventJson.arguments(c.argumentsJson()));
            }
            case AgentEvent.ToolStarted t -> entry(t.callId(), t.agent(), t.tool()).putIfAbsent("arguments", EventJson.arguments(t.argumentsJson()));
            case AgentEvent.ToolFinished f -> {
                Map<String, Object> c = entry(f.callId(), f.agent(), f.tool());
                c.put("error", f.error());
                c.put("elapsed", EventJson.seconds(f.elapsed()));
                c.put("elapsedMs", f.elapsed().toMillis());
                c.put("source", f.source().name().toLowerCase(Locale.ROOT));
            }
            default -> { }
        }
    }

    private Map<String, Object> entry(String id, String agent, String tool) {
        return calls.computeIfAbsent(id, k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("name", tool);
            m.put("agent", agent);
            return m;
        });
    }

    synchronized List<Map<String, Object>> calls() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> c : calls.values()) out.add(new LinkedHashMap<>(c));
        return out;
    }
}
