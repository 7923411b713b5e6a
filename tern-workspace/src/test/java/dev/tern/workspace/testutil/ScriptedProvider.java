package dev.tern.workspace.testutil;

import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.ModelProvider;
import dev.tern.model.StopReason;
import dev.tern.model.ToolCall;
import dev.tern.model.Usage;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A deterministic in-process provider: answers come from a queue of functions of the request, and
 * every request is recorded. Used where the simulator module is not available yet.
 */
public final class ScriptedProvider implements ModelProvider {

    private final ConcurrentLinkedQueue<Function<ChatRequest, ChatResponse>> script = new ConcurrentLinkedQueue<>();
    private final Function<ChatRequest, ChatResponse> fallback;
    public final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

    public ScriptedProvider(Function<ChatRequest, ChatResponse> fallback) { this.fallback = fallback; }

    public ScriptedProvider then(Function<ChatRequest, ChatResponse> step) {
        script.add(step);
        return this;
    }

    public static ChatResponse text(String text) {
        return new ChatResponse(AssistantMessage.ofText(text), new Usage(10, 5), StopReason.END_TURN, "scripted", null);
    }

    public static ChatResponse call(String id, String tool, String argsJson) {
        return new ChatResponse(new AssistantMessage("", List.of(new ToolCall(id, tool, argsJson))), new Usage(10, 5),
                StopReason.TOOL_USE, "scripted", null);
    }

    @Override
    public String name() { return "scripted"; }

    @Override
    public ChatResponse chat(ChatRequest request) {
        requests.add(request);
        Function<ChatRequest, ChatResponse> step = script.poll();
        return (step == null ? fallback : step).apply(request);
    }
}
