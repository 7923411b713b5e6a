package dev.tern.agent;

import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.ModelProvider;
import dev.tern.model.StopReason;
import dev.tern.model.StreamListener;
import dev.tern.model.Usage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An in-process provider for loop tests in tern-core (the simulator-backed providers live in
 * tern-providers, which depends on this module). It records every request it receives.
 */
final class ScriptedProvider implements ModelProvider {

    final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    private final Function<ChatRequest, ChatResponse> script;

    ScriptedProvider(Function<ChatRequest, ChatResponse> script) { this.script = script; }

    @Override public String name() { return "scripted"; }

    @Override public ChatResponse chat(ChatRequest request) {
        requests.add(request);
        return script.apply(request);
    }

    @Override public ChatResponse stream(ChatRequest request, StreamListener listener) {
        ChatResponse r = chat(request);
        listener.onFirstByte();
        if (!r.message().text().isEmpty()) listener.onText(r.message().text());
        return r;
    }

    static ChatResponse text(String t) {
        return new ChatResponse(dev.tern.model.AssistantMessage.ofText(t), new Usage(10, 5), StopReason.END_TURN, "m", null);
    }

    static ChatResponse calls(dev.tern.model.ToolCall... calls) {
        return new ChatResponse(new dev.tern.model.AssistantMessage("", List.of(calls)), new Usage(10, 5),
                StopReason.TOOL_USE, "m", null);
    }
}
