package dev.tern.provider.batch;

import dev.tern.batch.BatchRequest;
import dev.tern.json.Json;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.Message;
import dev.tern.model.SystemMessage;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.model.UserMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads the input of {@code tern batch submit}: OpenAI batch input lines,
 * {@code {"custom_id": "...", "method": "POST", "url": "/v1/chat/completions", "body": {...}}}, whose body is a
 * Chat Completions request: {@code model}, {@code messages} (system/developer, user, assistant with
 * {@code tool_calls}, tool), {@code tools}, {@code tool_choice}, {@code max_tokens} or
 * {@code max_completion_tokens}, {@code temperature}. Each line becomes a vendor-free {@link BatchRequest},
 * so the same file can go to Anthropic's Message Batches. Anything else in a body is refused, naming the
 * line and the field, rather than silently dropped.
 */
public final class BatchInput {

    private static final Set<String> LINE_FIELDS = Set.of("custom_id", "method", "url", "body");
    private static final Set<String> BODY_FIELDS = Set.of("model", "messages", "tools", "tool_choice", "max_tokens",
            "max_completion_tokens", "temperature", "stream");

    private BatchInput() { }

    /**
     * @param jsonl the file's text
     * @throws IllegalArgumentException "line N: what is wrong" for the first bad line
     */
    public static List<BatchRequest> parse(String jsonl) {
        List<BatchRequest> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String[] lines = jsonl.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            try {
                BatchRequest r = line(line);
                if (!ids.add(r.customId())) throw new IllegalArgumentException("custom_id '" + r.customId() + "' is used twice");
                out.add(r);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            } catch (JacksonException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": not JSON: " + e.getOriginalMessage(), e);
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no requests (expected one JSON object per line)");
        return out;
    }

    private static BatchRequest line(String text) {
        JsonNode n = Json.parse(text);
        if (n == null || !n.isObject()) throw new IllegalArgumentException("expected a JSON object");
        for (String f : n.propertyNames()) {
            if (!LINE_FIELDS.contains(f)) throw new IllegalArgumentException("unknown field '" + f + "' (expected custom_id, method, url, body)");
        }
        String id = text(n, "custom_id", true);
        String method = text(n, "method", false);
        if (method != null && !method.equals("POST")) throw new IllegalArgumentException("method must be POST");
        String url = text(n, "url", false);
        if (url != null && !url.equals(OpenAiBatchApi.ENDPOINT)) {
            throw new IllegalArgumentException("url must be " + OpenAiBatchApi.ENDPOINT + " (chat requests only)");
        }
        JsonNode body = n.get("body");
        if (body == null || !body.isObject()) throw new IllegalArgumentException("body must be a Chat Completions request object");
        return new BatchRequest(id, request(body));
    }

    /** A Chat Completions request body as a {@link ChatRequest}. */
    public static ChatRequest request(JsonNode body) {
        for (String f : body.propertyNames()) {
            if (!BODY_FIELDS.contains(f)) {
                throw new IllegalArgumentException("body field '" + f + "' is not supported (supported: model, messages, tools, "
                        + "tool_choice, max_tokens, max_completion_tokens, temperature)");
            }
        }
        if (body.path("stream").asBoolean(false)) throw new IllegalArgumentException("body.stream must be false: batches do not stream");
        ChatRequest.Builder b = ChatRequest.builder(text(body, "model", true)).messages(messages(body.get("messages")));
        JsonNode tools = body.get("tools");
        if (tools != null && !tools.isNull()) b.tools(tools(tools));
        JsonNode max = body.has("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        if (max != null && !max.isNull()) {
            if (!max.canConvertToInt() || max.asInt() < 1) throw new IllegalArgumentException("max_tokens must be a positive integer");
            b.maxOutputTokens(max.asInt());
        }
        JsonNode t = body.get("temperature");
        if (t != null && !t.isNull()) {
            if (!t.isNumber()) throw new IllegalArgumentException("temperature must be a number");
            b.temperature(t.asDouble());
        }
        JsonNode choice = body.get("tool_choice");
        if (choice != null && !choice.isNull()) {
            if (choice.isString()) {
                b.toolChoice(switch (choice.asString()) {
                    case "auto" -> ChatRequest.ToolChoice.AUTO;
                    case "none" -> ChatRequest.ToolChoice.NONE;
                    case "required" -> ChatRequest.ToolChoice.REQUIRED;
                    default -> throw new IllegalArgumentException("tool_choice must be auto, none, required or {\"type\":\"function\",...}");
                }, null);
            } else {
                b.toolChoice(ChatRequest.ToolChoice.TOOL, text(choice.path("function"), "name", true));
            }
        }
        return b.build();
    }

    private static List<Message> messages(JsonNode list) {
        if (list == null || !list.isArray() || list.isEmpty()) throw new IllegalArgumentException("body.messages must be a non-empty array");
        List<Message> out = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>();
        for (JsonNode m : list) {
            String role = text(m, "role", true);
            switch (role) {
                case "system", "developer" -> out.add(new SystemMessage(content(m)));
                case "user" -> out.add(new UserMessage(content(m)));
                case "assistant" -> {
                    List<ToolCall> calls = new ArrayList<>();
                    for (JsonNode c : m.path("tool_calls")) {
                        JsonNode fn = c.path("function");
                        ToolCall call = new ToolCall(text(c, "id", true), text(fn, "name", true), fn.path("arguments").asString("{}"));
                        toolNames.put(call.id(), call.name());
                        calls.add(call);
                    }
                    JsonNode content = m.get("content");
                    out.add(new AssistantMessage(content == null || content.isNull() ? "" : content(m), calls));
                }
                case "tool" -> {
                    String id = text(m, "tool_call_id", true);
                    String name = toolNames.get(id);
                    if (name == null) throw new IllegalArgumentException("tool message for unknown tool_call_id '" + id + "'");
                    out.add(new ToolResultMessage(id, name, content(m), false));
                }
                default -> throw new IllegalArgumentException("unknown message role '" + role + "'");
            }
        }
        return out;
    }

    /** A message's text: a string, or an array of {@code {"type":"text","text":...}} parts. */
    private static String content(JsonNode m) {
        JsonNode c = m.get("content");
        if (c != null && c.isString()) return c.asString();
        if (c != null && c.isArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonNode part : c) {
                if (!"text".equals(part.path("type").asString(""))) {
                    throw new IllegalArgumentException("only text content parts are supported, got '" + part.path("type").asString("?") + "'");
                }
                b.append(part.path("text").asString(""));
            }
            return b.toString();
        }
        throw new IllegalArgumentException("message content must be a string or an array of text parts");
    }

    private static List<ToolSpec> tools(JsonNode tools) {
        if (!tools.isArray()) throw new IllegalArgumentException("body.tools must be an array");
        List<ToolSpec> out = new ArrayList<>();
        for (JsonNode t : tools) {
            JsonNode fn = t.path("function");
            JsonNode params = fn.get("parameters");
            out.add(new ToolSpec(text(fn, "name", true), fn.path("description").asString(""),
                    params == null || params.isNull() ? null : params.toString()));
        }
        return out;
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new IllegalArgumentException("missing '" + field + "'");
            return null;
        }
        if (!v.isString() || v.asString().isEmpty()) throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
        return v.asString();
    }
}
