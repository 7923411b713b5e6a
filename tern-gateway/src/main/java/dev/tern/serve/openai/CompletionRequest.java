package dev.tern.serve.openai;

import dev.tern.json.CanonicalJson;
import dev.tern.model.AssistantMessage;
import dev.tern.model.Message;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.model.UserMessage;
import dev.tern.serve.turn.Turn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A {@code POST /v1/chat/completions} body, checked and turned into Tern's terms. The conversation's end
 * decides the turn: a final {@code user} message is the input; final {@code tool} messages are results of
 * the client's own tools and continue the turn. Earlier messages are the history of a stateless request
 * ({@code system}/{@code developer} messages become the client's instructions). Every problem is a 400 naming
 * the offending field; nothing here throws anything else.
 *
 * @param model        what answers ({@code tern}, {@code tern:agent/<name>}, {@code tern:workflow/<name>}, or a plain name)
 * @param stream       answer as SSE chunks
 * @param includeUsage {@code stream_options.include_usage}
 * @param user         the {@code user} field, or null
 */
public record CompletionRequest(String model, boolean stream, boolean includeUsage, List<Message> history, String input,
                                List<ToolResultMessage> toolResults, String instructions, List<ToolSpec> clientTools,
                                Turn.Options options, String user) {

    /** @throws ApiError (400) for anything malformed */
    public static CompletionRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) throw ApiError.badRequest(null, "The request body must be a JSON object");
        String model = string(body, "model", true);
        if (model.isBlank()) throw ApiError.badRequest("model", "missing_required_parameter", "you must provide a model parameter");
        boolean stream = bool(body, "stream");
        boolean includeUsage = false;
        JsonNode so = body.get("stream_options");
        if (so != null && !so.isNull()) {
            if (!so.isObject()) throw ApiError.badRequest("stream_options", "stream_options must be an object");
            includeUsage = bool(so, "include_usage");
        }
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.asLong() == 1)) throw ApiError.badRequest("n", "only n=1 is supported");
        String user = body.hasNonNull("user") ? string(body, "user", false) : null;
        Double temperature = null;
        JsonNode temp = body.get("temperature");
        if (temp != null && !temp.isNull()) {
            if (!temp.isNumber() || temp.asDouble() < 0 || temp.asDouble() > 2) throw ApiError.badRequest("temperature", "temperature must be a number in [0, 2]");
            temperature = temp.asDouble();
        }
        Integer maxTokens = positiveInt(body, "max_completion_tokens");
        if (maxTokens == null) maxTokens = positiveInt(body, "max_tokens");
        List<ToolSpec> tools = tools(body);
        JsonNode choice = body.get("tool_choice");
        if (choice != null && choice.isString() && choice.asString().equals("none")) tools = List.of();

        JsonNode msgs = body.get("messages");
        if (msgs == null || msgs.isNull()) throw ApiError.badRequest("messages", "missing_required_parameter", "you must provide messages");
        if (!msgs.isArray()) throw ApiError.badRequest("messages", "messages must be an array");
        if (msgs.isEmpty()) throw ApiError.badRequest("messages", "empty_array", "messages must not be empty");
        List<Message> all = new ArrayList<>();
        StringBuilder instructions = new StringBuilder();
        for (int i = 0; i < msgs.size(); i++) {
            Message m = message(msgs.get(i), "messages[" + i + "]", instructions);
            if (m != null) all.add(m);
        }
        if (all.isEmpty()) throw ApiError.badRequest("messages", "messages need at least one user message");
        int end = all.size();
        String input = null;
        List<ToolResultMessage> results = new ArrayList<>();
        if (all.getLast() instanceof UserMessage u) {
            input = u.text();
            end--;
        } else if (all.getLast() instanceof ToolResultMessage) {
            while (end > 0 && all.get(end - 1) instanceof ToolResultMessage r) {
                results.addFirst(r);
                end--;
            }
        } else {
            throw ApiError.badRequest("messages", "the last message must be from the user or a tool");
        }
        List<Message> history = List.copyOf(all.subList(0, end));
        checkHistory(history, input != null);
        return new CompletionRequest(model, stream, includeUsage, history, input, results,
                instructions.isEmpty() ? null : instructions.toString(), tools, new Turn.Options(temperature, maxTokens), user);
    }

    private static Message message(JsonNode m, String where, StringBuilder instructions) {
        if (m == null || !m.isObject()) throw ApiError.badRequest(where, where + " must be an object");
        String role = string(m, "role", true, where + ".role");
        switch (role) {
            case "system", "developer" -> {
                String t = content(m, where, false);
                if (!t.isBlank()) instructions.append(instructions.isEmpty() ? "" : "\n\n").append(t);
                return null;
            }
            case "user" -> { return new UserMessage(content(m, where, false)); }
            case "assistant" -> {
                String text = content(m, where, true);
                List<ToolCall> calls = new ArrayList<>();
                JsonNode tc = m.get("tool_calls");
                if (tc != null && !tc.isNull()) {
                    if (!tc.isArray()) throw ApiError.badRequest(where + ".tool_calls", "tool_calls must be an array");
                    for (int i = 0; i < tc.size(); i++) {
                        JsonNode c = tc.get(i);
                        String w = where + ".tool_calls[" + i + "]";
                        if (!c.isObject()) throw ApiError.badRequest(w, w + " must be an object");
                        JsonNode f = c.get("function");
                        if (f == null || !f.isObject()) throw ApiError.badRequest(w + ".function", "a tool call needs a function object");
                        calls.add(new ToolCall(string(c, "id", true, w + ".id"), string(f, "name", true, w + ".function.name"),
                                f.hasNonNull("arguments") ? string(f, "arguments", false, w + ".function.arguments") : "{}"));
                    }
                }
                return new AssistantMessage(text, calls);
            }
            case "tool" -> {
                return new ToolResultMessage(string(m, "tool_call_id", true, where + ".tool_call_id"), "", content(m, where, false), false);
            }
            default -> throw ApiError.badRequest(where + ".role", "unsupported role '" + role + "' (system, developer, user, assistant, tool)");
        }
    }

    /** The text of a message's content: a string, or an array of text parts. */
    private static String content(JsonNode m, String where, boolean optional) {
        JsonNode c = m.get("content");
        if (c == null || c.isNull()) {
            if (optional) return "";
            throw ApiError.badRequest(where + ".content", where + ".content is required");
        }
        if (c.isString()) return c.asString();
        if (!c.isArray()) throw ApiError.badRequest(where + ".content", where + ".content must be a string or an array of parts");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < c.size(); i++) {
            JsonNode p = c.get(i);
            String w = where + ".content[" + i + "]";
            if (!p.isObject()) throw ApiError.badRequest(w, w + " must be an object");
            String type = string(p, "type", true, w + ".type");
            if (type.equals("text")) b.append(string(p, "text", true, w + ".text"));
            else if (type.equals("refusal")) b.append(string(p, "refusal", true, w + ".refusal"));
            else throw ApiError.badRequest(w + ".type", "content part type '" + type + "' is not supported (text only)");
        }
        return b.toString();
    }

    /** Tool messages inside the history must answer a call of the assistant message before them. */
    private static void checkHistory(List<Message> history, boolean userFollows) {
        Set<String> open = new HashSet<>();
        for (int i = 0; i < history.size(); i++) {
            Message m = history.get(i);
            if (m instanceof AssistantMessage a) {
                open.clear();
                a.toolCalls().forEach(c -> open.add(c.id()));
            } else if (m instanceof ToolResultMessage r) {
                if (!open.remove(r.toolCallId())) {
                    throw ApiError.badRequest("messages", "a tool message (tool_call_id '" + r.toolCallId()
                            + "') must answer a tool call of the assistant message before it");
                }
            } else {
                if (!open.isEmpty()) {
                    throw ApiError.badRequest("messages", "an assistant message with tool_calls must be followed by tool messages for each call id; missing: "
                            + String.join(", ", open));
                }
            }
        }
        if (userFollows && !open.isEmpty()) {
            throw ApiError.badRequest("messages", "an assistant message with tool_calls must be followed by tool messages for each call id; missing: "
                    + String.join(", ", open));
        }
    }

    private static List<ToolSpec> tools(JsonNode body) {
        JsonNode t = body.get("tools");
        if (t == null || t.isNull()) return List.of();
        if (!t.isArray()) throw ApiError.badRequest("tools", "tools must be an array");
        List<ToolSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < t.size(); i++) {
            JsonNode e = t.get(i);
            String w = "tools[" + i + "]";
            if (!e.isObject()) throw ApiError.badRequest(w, w + " must be an object");
            String type = string(e, "type", true, w + ".type");
            if (!type.equals("function")) throw ApiError.badRequest(w + ".type", "only function tools are supported");
            JsonNode f = e.get("function");
            if (f == null || !f.isObject()) throw ApiError.badRequest(w + ".function", w + ".function must be an object");
            String name = string(f, "name", true, w + ".function.name");
            if (!name.matches("[a-zA-Z0-9_-]{1,64}")) throw ApiError.badRequest(w + ".function.name", "function names are 1-64 of a-z, A-Z, 0-9, _ and -");
            if (!names.add(name)) throw ApiError.badRequest(w + ".function.name", "two tools named '" + name + "'");
            JsonNode params = f.get("parameters");
            if (params != null && !params.isNull() && !params.isObject()) throw ApiError.badRequest(w + ".function.parameters", "parameters must be a JSON Schema object");
            String description = f.hasNonNull("description") ? string(f, "description", false, w + ".function.description") : "";
            out.add(new ToolSpec(name, description, params == null || params.isNull() ? null : CanonicalJson.write(params)));
        }
        return out;
    }

    private static String string(JsonNode o, String key, boolean required) { return string(o, key, required, key); }

    private static String string(JsonNode o, String key, boolean required, String param) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            if (required) throw ApiError.badRequest(param, "missing_required_parameter", param + " is required");
            return "";
        }
        if (!v.isString()) throw ApiError.badRequest(param, param + " must be a string");
        return v.asString();
    }

    private static boolean bool(JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw ApiError.badRequest(key, key + " must be true or false");
        return v.asBoolean();
    }

    private static Integer positiveInt(JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > 1_000_000) throw ApiError.badRequest(key, key + " must be a positive integer");
        return v.asInt();
    }
}
