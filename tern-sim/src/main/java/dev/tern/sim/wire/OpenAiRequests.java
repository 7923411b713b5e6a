package dev.tern.sim.wire;

import dev.tern.sim.engine.Tokens;
import dev.tern.sim.engine.Turn;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Parses and validates OpenAI Chat Completions requests like the real API does. */
final class OpenAiRequests {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private OpenAiRequests() { }

    static ParsedChat parse(byte[] body) throws WireError {
        JsonNode root = SimJson.tryParse(body);
        if (root == null || !root.isObject()) throw new WireError(400, "invalid_request_error",
                "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.", null, null);
        JsonNode model = root.get("model");
        if (model == null || model.isNull() || !model.isString() || model.stringValue().isBlank())
            throw new WireError(400, "invalid_request_error", "you must provide a model parameter", null, null);
        JsonNode messages = root.get("messages");
        if (messages == null || messages.isNull())
            throw new WireError(400, "invalid_request_error", "Missing required parameter: 'messages'.", "messages",
                    "missing_required_parameter");
        if (!messages.isArray())
            throw new WireError(400, "invalid_request_error", "Invalid type for 'messages': expected an array.",
                    "messages", "invalid_type");
        if (messages.isEmpty())
            throw new WireError(400, "invalid_request_error", "Invalid 'messages': empty array. Expected an array with "
                    + "minimum length 1, but got an empty array instead.", "messages", "empty_array");
        StringBuilder system = new StringBuilder();
        List<Turn> turns = turns(messages, system);
        JsonNode tools = root.get("tools");
        if (tools != null && !tools.isNull() && !tools.isArray())
            throw new WireError(400, "invalid_request_error", "Invalid type for 'tools': expected an array.", "tools", "invalid_type");
        Integer maxTokens = null;
        JsonNode mt = root.has("max_completion_tokens") ? root.get("max_completion_tokens") : root.get("max_tokens");
        if (mt != null && !mt.isNull()) {
            if (!mt.isIntegralNumber() || mt.asInt() < 1)
                throw new WireError(400, "invalid_request_error", "Invalid 'max_tokens': integer below minimum value 1.",
                        "max_tokens", "integer_below_min_value");
            maxTokens = mt.asInt();
        }
        boolean stream = root.path("stream").asBoolean(false);
        boolean includeUsage = root.path("stream_options").path("include_usage").asBoolean(false);
        String modelName = model.stringValue();
        String cacheKey = root.path("prompt_cache_key").asString("");
        byte[] prompt = canonicalPrompt(tools, messages, body.length);
        return new ParsedChat(modelName, stream, includeUsage, maxTokens, system.toString(), turns,
                Tokens.ofBytes(prompt.length),
                cache -> cache.openAi(cacheKey, modelName, prompt));
    }

    /** Tools, then each message, as JSON lines: the prefix the cache and token estimate see. */
    private static byte[] canonicalPrompt(JsonNode tools, JsonNode messages, int bodyLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bodyLength + 256);
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            out.writeBytes(SimJson.bytes(tools));
            out.write('\n');
        }
        for (JsonNode m : messages) {
            out.writeBytes(SimJson.bytes(m));
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static List<Turn> turns(JsonNode messages, StringBuilder system) throws WireError {
        List<Turn> turns = new ArrayList<>();
        Set<String> pending = new LinkedHashSet<>();
        int pendingFrom = -1;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (!m.isObject())
                throw new WireError(400, "invalid_request_error", "Invalid type for 'messages[" + i + "]': expected an object.",
                        "messages.[" + i + "]", "invalid_type");
            JsonNode roleNode = m.get("role");
            if (roleNode == null || !roleNode.isString())
                throw new WireError(400, "invalid_request_error", "Missing required parameter: 'messages[" + i + "].role'.",
                        "messages.[" + i + "].role", "missing_required_parameter");
            String role = roleNode.stringValue();
            if (!ROLES.contains(role))
                throw new WireError(400, "invalid_request_error", "Invalid value: '" + role + "'. Supported values are: "
                        + "'system', 'assistant', 'user', 'function', 'tool', and 'developer'.",
                        "messages[" + i + "].role", "invalid_value");
            if (!role.equals("tool")) {
                if (!pending.isEmpty()) throw missingResponses(pending, pendingFrom);
                pendingFrom = -1;
            }
            switch (role) {
                case "user" -> turns.add(Turn.user(SimJson.contentText(m.get("content"))));
                case "assistant" -> {
                    List<Turn.Call> calls = new ArrayList<>();
                    JsonNode tc = m.get("tool_calls");
                    if (tc != null && tc.isArray()) {
                        for (JsonNode c : tc) {
                            String id = c.path("id").asString("");
                            String name = c.path("function").path("name").asString("");
                            if (id.isEmpty() || name.isEmpty())
                                throw new WireError(400, "invalid_request_error", "Missing required parameter: 'messages["
                                        + i + "].tool_calls[].id' or '.function.name'.", "messages.[" + i + "].tool_calls",
                                        "missing_required_parameter");
                            calls.add(new Turn.Call(id, name));
                            pending.add(id);
                        }
                        pendingFrom = i;
                    }
                    turns.add(new Turn(Turn.Kind.ASSISTANT, SimJson.contentText(m.get("content")), calls, List.of()));
                }
                case "tool" -> {
                    JsonNode idNode = m.get("tool_call_id");
                    if (idNode == null || !idNode.isString())
                        throw new WireError(400, "invalid_request_error", "Missing required parameter: 'messages[" + i
                                + "].tool_call_id'.", "messages.[" + i + "].tool_call_id", "missing_required_parameter");
                    String id = idNode.stringValue();
                    if (pendingFrom < 0)
                        throw new WireError(400, "invalid_request_error", "Invalid parameter: messages with role 'tool' "
                                + "must be a response to a preceeding message with 'tool_calls'.",
                                "messages.[" + i + "].role", null);
                    if (!pending.remove(id)) {
                        throw new WireError(400, "invalid_request_error", "Invalid parameter: 'tool_call_id' of '" + id
                                + "' not found in 'tool_calls' of previous message.", "messages.[" + i + "].tool_call_id", null);
                    }
                    turns.add(new Turn(Turn.Kind.TOOL, "", List.of(),
                            List.of(new Turn.Result(id, SimJson.contentText(m.get("content"))))));
                }
                case "system", "developer" -> {
                    if (!system.isEmpty()) system.append('\n');
                    system.append(SimJson.contentText(m.get("content")));
                }
                default -> { /* function: context only */ }
            }
        }
        if (!pending.isEmpty()) throw missingResponses(pending, pendingFrom);
        return turns;
    }

    private static WireError missingResponses(Set<String> pending, int assistantIndex) {
        return new WireError(400, "invalid_request_error", "An assistant message with 'tool_calls' must be followed by "
                + "tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response "
                + "messages: " + String.join(", ", pending), "messages.[" + assistantIndex + "].role", null);
    }
}
