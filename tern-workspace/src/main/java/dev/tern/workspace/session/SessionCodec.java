package dev.tern.workspace.session;

import dev.tern.json.Json;
import dev.tern.model.AssistantMessage;
import dev.tern.model.Message;
import dev.tern.model.SystemMessage;
import dev.tern.model.ThinkingBlock;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.UserMessage;
import dev.tern.store.SessionEntry;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps messages to and from session lines, in the OpenAI chat shape nanobot writes (so its session
 * files load unchanged): {@code role}, {@code content}, {@code tool_calls[{id,type,function{name,arguments}}]},
 * {@code tool_call_id}, {@code name}, plus Tern's {@code thinking} blocks, {@code is_error} and
 * {@code timestamp} (ISO-8601).
 */
public final class SessionCodec {

    /** {@code _type} of the journal line written before a tool call executes. */
    static final String TOOL_STARTED = "tool_started";
    /** {@code _type} of the journal line written when a run ends. */
    static final String RUN_FINISHED = "run_finished";

    private SessionCodec() { }

    /** The journal line of a tool call about to execute (not a message: readers of messages skip it). */
    static byte[] toolStarted(String callId, String tool, String runId, Instant at) {
        ObjectNode o = Json.object();
        o.put("_type", TOOL_STARTED);
        o.put("tool_call_id", callId);
        o.put("name", tool);
        o.put("run", runId);
        o.put("timestamp", at.toString());
        return Json.MAPPER.writeValueAsBytes(o);
    }

    /** The journal line of a run's end. */
    static byte[] runFinished(String runId, String outcome, String reason, Instant at) {
        ObjectNode o = Json.object();
        o.put("_type", RUN_FINISHED);
        o.put("run", runId);
        o.put("outcome", outcome);
        if (reason != null) o.put("reason", reason);
        o.put("timestamp", at.toString());
        return Json.MAPPER.writeValueAsBytes(o);
    }

    /** One line of JSON, without the newline. */
    public static byte[] encode(Message m, Instant at) {
        ObjectNode o = Json.object();
        o.put("role", m.role());
        switch (m) {
            case UserMessage u -> o.put("content", u.text());
            case SystemMessage s -> o.put("content", s.text());
            case AssistantMessage a -> {
                o.put("content", a.text());
                if (a.hasToolCalls()) {
                    ArrayNode calls = o.putArray("tool_calls");
                    for (ToolCall c : a.toolCalls()) {
                        ObjectNode call = calls.addObject();
                        call.put("id", c.id());
                        call.put("type", "function");
                        ObjectNode fn = call.putObject("function");
                        fn.put("name", c.name());
                        fn.put("arguments", c.argumentsJson());
                    }
                }
                if (!a.thinking().isEmpty()) {
                    ArrayNode th = o.putArray("thinking");
                    for (ThinkingBlock b : a.thinking()) {
                        ObjectNode t = th.addObject();
                        t.put("text", b.text());
                        if (b.signature() != null) t.put("signature", b.signature());
                        if (b.redacted()) t.put("redacted", true);
                    }
                }
            }
            case ToolResultMessage t -> {
                o.put("tool_call_id", t.toolCallId());
                o.put("name", t.toolName());
                o.put("content", t.content());
                if (t.error()) o.put("is_error", true);
            }
        }
        o.put("timestamp", at.toString());
        return Json.MAPPER.writeValueAsBytes(o);
    }

    /**
     * Reads one session line.
     *
     * @param fallbackTime the timestamp to use when the line has none
     * @throws IllegalArgumentException when the line is not a message (the message says why)
     */
    public static SessionEntry decode(JsonNode o, Instant fallbackTime) {
        if (!o.isObject()) throw new IllegalArgumentException("not a JSON object");
        String role = text(o, "role");
        Instant at = timestamp(o.get("timestamp"), fallbackTime);
        Message m = switch (role == null ? "" : role) {
            case "user" -> new UserMessage(content(o));
            case "system" -> new SystemMessage(content(o));
            case "assistant" -> new AssistantMessage(content(o), toolCalls(o.get("tool_calls")), thinking(o.get("thinking")));
            case "tool" -> {
                String id = text(o, "tool_call_id");
                if (id == null) throw new IllegalArgumentException("tool message without tool_call_id");
                String name = text(o, "name");
                yield new ToolResultMessage(id, name == null ? "" : name, content(o),
                        o.path("is_error").asBoolean(false));
            }
            default -> throw new IllegalArgumentException(role == null ? "no role" : "unknown role '" + role + "'");
        };
        return new SessionEntry(m, at);
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? null : n.asString();
    }

    /** String content, or the text parts of a content-block array (multimodal nanobot messages). */
    private static String content(JsonNode o) {
        JsonNode c = o.get("content");
        if (c == null || c.isNull()) return "";
        if (c.isString()) return c.asString();
        if (c.isArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonNode part : c) {
                JsonNode t = part.get("text");
                if (t != null && t.isString()) b.append(b.isEmpty() ? "" : "\n").append(t.asString());
            }
            return b.toString();
        }
        return c.toString();
    }

    private static List<ToolCall> toolCalls(JsonNode calls) {
        List<ToolCall> out = new ArrayList<>();
        if (calls == null || !calls.isArray()) return out;
        for (JsonNode c : calls) {
            JsonNode fn = c.path("function");
            String name = fn.path("name").asString(null);
            String id = c.path("id").asString(null);
            if (name == null || id == null) throw new IllegalArgumentException("tool call without id or name");
            JsonNode args = fn.get("arguments");
            String json = args == null || args.isNull() ? "{}" : args.isString() ? args.asString() : args.toString();
            out.add(new ToolCall(id, name, json));
        }
        return out;
    }

    private static List<ThinkingBlock> thinking(JsonNode blocks) {
        List<ThinkingBlock> out = new ArrayList<>();
        if (blocks == null || !blocks.isArray()) return out;
        for (JsonNode b : blocks) {
            out.add(new ThinkingBlock(b.path("text").asString(""), b.path("signature").asString(null),
                    b.path("redacted").asBoolean(false)));
        }
        return out;
    }

    static Instant timestamp(JsonNode n, Instant fallback) {
        if (n == null || !n.isString()) return fallback;
        String s = n.asString();
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {  // nanobot writes local time without a zone
                return LocalDateTime.parse(s).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException e2) {
                return fallback;
            }
        }
    }
}
