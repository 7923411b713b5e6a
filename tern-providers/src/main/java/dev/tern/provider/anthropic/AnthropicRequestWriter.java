package dev.tern.provider.anthropic;

import dev.tern.json.Json;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.Message;
import dev.tern.model.PromptCaching;
import dev.tern.model.SystemMessage;
import dev.tern.model.ThinkingBlock;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.model.UserMessage;
import dev.tern.provider.internal.EncodedParts;
import dev.tern.provider.internal.JsonBody;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.util.List;

/**
 * Writes a Messages API request with the streaming generator. Places at most four
 * {@code cache_control} breakpoints when caching is on: the last tool, the system prompt, the last
 * block of the conversation, and the last block of the previous user turn (so the cached prefix
 * grows turn by turn and the previous request's prefix is always a hit).
 */
final class AnthropicRequestWriter {

    static final int DEFAULT_MAX_TOKENS = 8192;
    static final int MIN_THINKING_BUDGET = 1024;

    /**
     * Messages, system prompts and tools as sent before, without a {@code cache_control} marker (the marked ones
     * move with the conversation's end and are written afresh): a history is re-sent on every call.
     */
    private final EncodedParts parts = new EncodedParts();

    JsonBody write(ChatRequest request, boolean stream, JsonBody.Buffers pool) {
        return JsonBody.write(() -> estimate(request), g -> write(g, request, stream), pool);
    }

    private void write(JsonGenerator g, ChatRequest r, boolean stream) {
        PromptCaching caching = r.caching();
        String ttl = caching.enabled() && caching.ttl() == PromptCaching.Ttl.ONE_HOUR ? "1h" : null;
        boolean cache = caching.enabled();
        WirePlan plan = WirePlan.of(r.messages());
        boolean reuse = EncodedParts.reuses(r.messages().size());
        int thinking = r.thinking() > 0 ? Math.max(MIN_THINKING_BUDGET, r.thinking()) : 0;
        int maxTokens = r.maxOutputTokens() != null ? r.maxOutputTokens() : DEFAULT_MAX_TOKENS;
        if (thinking > 0 && maxTokens <= thinking) maxTokens = thinking + maxTokens;

        g.writeStartObject();
        g.writeStringProperty("model", r.model());
        g.writeNumberProperty("max_tokens", maxTokens);
        if (!plan.system().isEmpty()) {
            g.writeArrayPropertyStart("system");
            List<SystemMessage> sys = plan.system();
            for (int i = 0; i < sys.size(); i++) {
                boolean marked = cache && i == sys.size() - 1;
                parts.write(g, sys.get(i), reuse && !marked, (e, s) -> textBlock(e, s.text(), marked, ttl));
            }
            g.writeEndArray();
        }
        g.writeArrayPropertyStart("messages");
        List<WirePlan.Turn> turns = plan.turns();
        for (int i = 0; i < turns.size(); i++) {
            boolean mark = cache && (i == plan.tailTurn() || i == plan.previousUserTurn());
            writeTurn(g, turns.get(i), mark, ttl, reuse);
        }
        g.writeEndArray();
        if (!r.tools().isEmpty()) {
            g.writeArrayPropertyStart("tools");
            List<ToolSpec> tools = r.tools();
            for (int i = 0; i < tools.size(); i++) {
                boolean marked = cache && i == tools.size() - 1;
                parts.write(g, tools.get(i), !marked, (e, t) -> writeTool(e, t, marked, ttl));
            }
            g.writeEndArray();
            writeToolChoice(g, r);
        }
        if (thinking > 0) {
            g.writeObjectPropertyStart("thinking");
            g.writeStringProperty("type", "enabled");
            g.writeNumberProperty("budget_tokens", thinking);
            g.writeEndObject();
        } else if (r.temperature() != null) {
            g.writeNumberProperty("temperature", r.temperature().doubleValue());
        }
        if (stream) g.writeBooleanProperty("stream", true);
        g.writeEndObject();
    }

    private static void writeTool(JsonGenerator g, ToolSpec t, boolean mark, String ttl) {
        g.writeStartObject();
        g.writeStringProperty("name", t.name());
        if (!t.description().isEmpty()) g.writeStringProperty("description", t.description());
        g.writeName("input_schema");
        g.writeRawValue(t.parametersJson());
        if (mark) cacheControl(g, ttl);
        g.writeEndObject();
    }

    private static void writeToolChoice(JsonGenerator g, ChatRequest r) {
        String type = switch (r.toolChoice()) {
            case AUTO -> null;
            case NONE -> "none";
            case REQUIRED -> "any";
            case TOOL -> "tool";
        };
        if (type == null) return;
        g.writeObjectPropertyStart("tool_choice");
        g.writeStringProperty("type", type);
        if (r.toolChoice() == ChatRequest.ToolChoice.TOOL) g.writeStringProperty("name", r.forcedTool());
        g.writeEndObject();
    }

    private void writeTurn(JsonGenerator g, WirePlan.Turn turn, boolean markLast, String ttl, boolean reuse) {
        g.writeStartObject();
        g.writeStringProperty("role", turn.role());
        g.writeArrayPropertyStart("content");
        List<Message> messages = turn.parts();
        for (int p = 0; p < messages.size(); p++) {
            boolean marked = markLast && p == messages.size() - 1;
            parts.write(g, messages.get(p), reuse && !marked, (e, m) -> writePart(e, m, marked, ttl));
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** One message's content blocks (an assistant message may be several). */
    private static void writePart(JsonGenerator g, Message part, boolean lastPart, String ttl) {
        switch (part) {
            case UserMessage u -> textBlock(g, u.text(), lastPart, ttl);
            case ToolResultMessage t -> {
                g.writeStartObject();
                g.writeStringProperty("type", "tool_result");
                g.writeStringProperty("tool_use_id", t.toolCallId());
                g.writeStringProperty("content", t.content());
                if (t.error()) g.writeBooleanProperty("is_error", true);
                if (lastPart) cacheControl(g, ttl);
                g.writeEndObject();
            }
            case AssistantMessage a -> writeAssistant(g, a, lastPart, ttl);
            case SystemMessage s -> textBlock(g, s.text(), lastPart, ttl); // not reached: lifted out by the plan
        }
    }

    private static void writeAssistant(JsonGenerator g, AssistantMessage a, boolean markLast, String ttl) {
        for (ThinkingBlock t : a.thinking()) {
            g.writeStartObject();
            if (t.redacted()) {
                g.writeStringProperty("type", "redacted_thinking");
                g.writeStringProperty("data", t.signature() == null ? "" : t.signature());
            } else {
                g.writeStringProperty("type", "thinking");
                g.writeStringProperty("thinking", t.text());
                if (t.signature() != null) g.writeStringProperty("signature", t.signature());
            }
            g.writeEndObject();
        }
        List<ToolCall> calls = a.toolCalls();
        boolean hasText = !a.text().isEmpty() || (calls.isEmpty() && a.thinking().isEmpty());
        if (hasText) textBlock(g, a.text(), markLast && calls.isEmpty(), ttl);
        for (int i = 0; i < calls.size(); i++) {
            ToolCall c = calls.get(i);
            g.writeStartObject();
            g.writeStringProperty("type", "tool_use");
            g.writeStringProperty("id", c.id());
            g.writeStringProperty("name", c.name());
            g.writeName("input");
            writeInput(g, c.argumentsJson());
            if (markLast && i == calls.size() - 1) cacheControl(g, ttl);
            g.writeEndObject();
        }
    }

    /**
     * Tool input must be a JSON object. The model's arguments go in raw when they are one; when the
     * model produced something else (truncated or malformed JSON) they are kept, as a string, under
     * {@code _raw_arguments}, so the request stays valid and nothing is lost.
     */
    private static void writeInput(JsonGenerator g, String args) {
        if (isJsonObject(args)) {
            g.writeRawValue(args);
        } else {
            g.writeStartObject();
            g.writeStringProperty("_raw_arguments", args);
            g.writeEndObject();
        }
    }

    static boolean isJsonObject(String s) {
        try (JsonParser p = Json.MAPPER.createParser(s)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return false;
            p.skipChildren();
            return p.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }

    private static void textBlock(JsonGenerator g, String text, boolean mark, String ttl) {
        g.writeStartObject();
        g.writeStringProperty("type", "text");
        g.writeStringProperty("text", text);
        if (mark) cacheControl(g, ttl);
        g.writeEndObject();
    }

    private static void cacheControl(JsonGenerator g, String ttl) {
        g.writeObjectPropertyStart("cache_control");
        g.writeStringProperty("type", "ephemeral");
        if (ttl != null) g.writeStringProperty("ttl", ttl);
        g.writeEndObject();
    }

    static int estimate(ChatRequest r) {
        long n = 256;
        for (Message m : r.messages()) {
            n += 64 + switch (m) {
                case SystemMessage s -> s.text().length();
                case UserMessage u -> u.text().length();
                case AssistantMessage a -> a.text().length() + callsSize(a) + thinkingSize(a);
                case ToolResultMessage t -> t.content().length() + 64;
            };
        }
        for (ToolSpec t : r.tools()) n += 96 + t.description().length() + t.parametersJson().length();
        return (int) Math.min(n + (n >> 3), Integer.MAX_VALUE - 64);
    }

    private static int callsSize(AssistantMessage a) {
        int n = 0;
        for (ToolCall c : a.toolCalls()) n += 96 + c.argumentsJson().length();
        return n;
    }

    private static int thinkingSize(AssistantMessage a) {
        int n = 0;
        for (ThinkingBlock t : a.thinking()) n += 64 + t.text().length() + (t.signature() == null ? 0 : t.signature().length());
        return n;
    }
}
