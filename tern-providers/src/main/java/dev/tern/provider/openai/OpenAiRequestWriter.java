package dev.tern.provider.openai;

import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.Message;
import dev.tern.model.SystemMessage;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.model.UserMessage;
import dev.tern.provider.internal.EncodedParts;
import dev.tern.provider.internal.JsonBody;
import tools.jackson.core.JsonGenerator;

/**
 * Writes a Chat Completions request with the streaming generator: no trees, tool schemas copied
 * in raw (they are canonical JSON already and must stay byte-identical for prompt caching).
 */
final class OpenAiRequestWriter {

    private final boolean maxCompletionTokens;
    /** Messages and tools as sent before: a history is re-sent on every call. */
    private final EncodedParts parts = new EncodedParts();

    /**
     * @param maxCompletionTokens true to send {@code max_completion_tokens} (OpenAI), false for the
     *                            older {@code max_tokens} most compatible servers understand
     */
    OpenAiRequestWriter(boolean maxCompletionTokens) {
        this.maxCompletionTokens = maxCompletionTokens;
    }

    JsonBody write(ChatRequest request, boolean stream, JsonBody.Buffers pool) {
        return JsonBody.write(() -> estimate(request), g -> write(g, request, stream), pool);
    }

    private void write(JsonGenerator g, ChatRequest r, boolean stream) {
        g.writeStartObject();
        g.writeStringProperty("model", r.model());
        g.writeArrayPropertyStart("messages");
        boolean reuse = EncodedParts.reuses(r.messages().size());
        for (Message m : r.messages()) parts.write(g, m, reuse, OpenAiRequestWriter::writeMessage);
        g.writeEndArray();
        if (!r.tools().isEmpty()) {
            g.writeArrayPropertyStart("tools");
            for (ToolSpec t : r.tools()) parts.write(g, t, OpenAiRequestWriter::writeTool);
            g.writeEndArray();
            writeToolChoice(g, r);
        }
        if (r.maxOutputTokens() != null) {
            g.writeNumberProperty(maxCompletionTokens ? "max_completion_tokens" : "max_tokens", r.maxOutputTokens().intValue());
        }
        if (r.temperature() != null) g.writeNumberProperty("temperature", r.temperature().doubleValue());
        if (r.cacheKey() != null && !r.cacheKey().isEmpty()) g.writeStringProperty("prompt_cache_key", r.cacheKey());
        if (stream) {
            g.writeBooleanProperty("stream", true);
            g.writeObjectPropertyStart("stream_options");
            g.writeBooleanProperty("include_usage", true);
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeTool(JsonGenerator g, ToolSpec t) {
        g.writeStartObject();
        g.writeStringProperty("type", "function");
        g.writeObjectPropertyStart("function");
        g.writeStringProperty("name", t.name());
        if (!t.description().isEmpty()) g.writeStringProperty("description", t.description());
        g.writeName("parameters");
        g.writeRawValue(t.parametersJson());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeToolChoice(JsonGenerator g, ChatRequest r) {
        switch (r.toolChoice()) {
            case AUTO -> { } // the API default; omitting it keeps the request minimal
            case NONE -> g.writeStringProperty("tool_choice", "none");
            case REQUIRED -> g.writeStringProperty("tool_choice", "required");
            case TOOL -> {
                g.writeObjectPropertyStart("tool_choice");
                g.writeStringProperty("type", "function");
                g.writeObjectPropertyStart("function");
                g.writeStringProperty("name", r.forcedTool());
                g.writeEndObject();
                g.writeEndObject();
            }
        }
    }

    private static void writeMessage(JsonGenerator g, Message m) {
        g.writeStartObject();
        switch (m) {
            case SystemMessage s -> {
                g.writeStringProperty("role", "system");
                g.writeStringProperty("content", s.text());
            }
            case UserMessage u -> {
                g.writeStringProperty("role", "user");
                g.writeStringProperty("content", u.text());
            }
            case AssistantMessage a -> {
                g.writeStringProperty("role", "assistant");
                if (a.text().isEmpty() && a.hasToolCalls()) {
                    g.writeNullProperty("content");
                } else {
                    g.writeStringProperty("content", a.text());
                }
                if (a.hasToolCalls()) {
                    g.writeArrayPropertyStart("tool_calls");
                    for (ToolCall c : a.toolCalls()) {
                        g.writeStartObject();
                        g.writeStringProperty("id", c.id());
                        g.writeStringProperty("type", "function");
                        g.writeObjectPropertyStart("function");
                        g.writeStringProperty("name", c.name());
                        g.writeStringProperty("arguments", c.argumentsJson());
                        g.writeEndObject();
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
            }
            case ToolResultMessage t -> {
                g.writeStringProperty("role", "tool");
                g.writeStringProperty("tool_call_id", t.toolCallId());
                g.writeStringProperty("content", t.content());
            }
        }
        g.writeEndObject();
    }

    /** A size guess so the buffer rarely grows: text lengths plus per-message overhead. */
    static int estimate(ChatRequest r) {
        long n = 256;
        for (Message m : r.messages()) {
            n += 48 + switch (m) {
                case SystemMessage s -> s.text().length();
                case UserMessage u -> u.text().length();
                case AssistantMessage a -> a.text().length() + callsSize(a);
                case ToolResultMessage t -> t.content().length() + 48;
            };
        }
        for (ToolSpec t : r.tools()) n += 64 + t.description().length() + t.parametersJson().length();
        return (int) Math.min(n + (n >> 3), Integer.MAX_VALUE - 64);
    }

    private static int callsSize(AssistantMessage a) {
        int n = 0;
        for (ToolCall c : a.toolCalls()) n += 96 + c.argumentsJson().length();
        return n;
    }
}
