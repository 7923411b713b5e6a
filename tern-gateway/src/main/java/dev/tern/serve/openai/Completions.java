package dev.tern.serve.openai;

import dev.tern.json.Json;
import dev.tern.model.AssistantMessage;
import dev.tern.model.Message;
import dev.tern.model.ToolCall;
import dev.tern.model.Usage;
import dev.tern.run.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The non-streamed {@code chat.completion} object and the pieces a stream shares with it. */
public final class Completions {

    private Completions() { }

    /** OpenAI's usage object: prompt tokens include cached ones ({@code prompt_tokens_details.cached_tokens}). */
    public static ObjectNode usage(Usage u) {
        ObjectNode n = Json.object();
        n.put("prompt_tokens", u.totalInputTokens()).put("completion_tokens", u.outputTokens()).put("total_tokens", u.totalTokens());
        n.putObject("prompt_tokens_details").put("cached_tokens", u.cacheReadTokens()).put("audio_tokens", 0);
        n.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        return n;
    }

    /** What the answer says: every text the run's agent wrote, in order (narration before tool calls included). */
    public static String content(RunResult r) {
        StringBuilder b = new StringBuilder();
        for (Message m : r.newMessages()) {
            if (m instanceof AssistantMessage a && !a.text().isBlank()) b.append(b.isEmpty() ? "" : "\n\n").append(a.text());
        }
        return b.isEmpty() ? r.text() : b.toString();
    }

    /** The client's calls of the run's last answer (those of external tools), in call order. */
    public static List<ToolCall> clientCalls(RunResult r, Set<String> clientTools) {
        if (r.outcome() != RunResult.Outcome.TOOL_CALLS) return List.of();
        for (int i = r.newMessages().size() - 1; i >= 0; i--) {
            if (r.newMessages().get(i) instanceof AssistantMessage a && a.hasToolCalls()) {
                List<ToolCall> out = new ArrayList<>();
                for (ToolCall c : a.toolCalls()) if (clientTools.contains(c.name())) out.add(c);
                return out;
            }
        }
        return List.of();
    }

    /** {@code stop}, {@code tool_calls} or {@code length} (a limit: iterations, tokens, money). */
    public static String finishReason(RunResult r) {
        return switch (r.outcome()) {
            case TOOL_CALLS -> "tool_calls";
            case MAX_ITERATIONS, BUDGET_EXCEEDED -> "length";
            default -> "stop";
        };
    }

    /** The whole response of a non-streamed request. */
    public static ObjectNode completion(String id, long created, String model, RunResult r, List<ToolCall> clientCalls) {
        ObjectNode root = Json.object();
        root.put("id", id).put("object", "chat.completion").put("created", created).put("model", model);
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message");
        msg.put("role", "assistant");
        String content = content(r);
        if (content.isEmpty() && !clientCalls.isEmpty()) msg.putNull("content"); else msg.put("content", content);
        msg.putNull("refusal");
        if (!clientCalls.isEmpty()) {
            ArrayNode calls = msg.putArray("tool_calls");
            for (ToolCall c : clientCalls) toolCall(calls.addObject(), c);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(r));
        root.set("usage", usage(r.usage()));
        ObjectNode tern = root.putObject("tern");
        tern.put("outcome", r.outcome().name().toLowerCase()).put("iterations", r.iterations()).put("toolCalls", r.toolCalls())
                .put("wallMs", r.wall().toMillis()).put("costUsd", r.costUsd());
        if (r.reason() != null) tern.put("reason", r.reason());
        return root;
    }

    /** Writes a tool call the OpenAI way: {@code {"id", "type": "function", "function": {"name", "arguments"}}}. */
    public static ObjectNode toolCall(ObjectNode into, ToolCall c) {
        into.put("id", c.id()).put("type", "function");
        into.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
        return into;
    }
}
