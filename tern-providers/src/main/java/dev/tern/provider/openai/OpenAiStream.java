package dev.tern.provider.openai;

import dev.tern.json.Json;
import dev.tern.model.ModelException;
import dev.tern.model.Usage;
import dev.tern.provider.internal.ErrorMapper;
import dev.tern.provider.internal.ToolCallAccumulator;
import dev.tern.provider.internal.TrackingListener;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The state of one streamed Chat Completions answer, fed chunk by chunk straight from the SSE bytes
 * with Jackson's streaming parser: no tree per chunk, no String per event. Rare parts (usage, errors,
 * a delta sent before its choice index) are read as small trees.
 */
final class OpenAiStream {

    final TrackingListener listener;
    final ToolCallAccumulator tools;
    final StringBuilder text = new StringBuilder();
    private final ErrorMapper errors;
    private final String requestedModel;
    String finish;
    Usage usage = Usage.ZERO;
    String model;
    String id;
    boolean done;

    OpenAiStream(TrackingListener listener, ErrorMapper errors, String requestedModel) {
        this.listener = listener;
        this.tools = new ToolCallAccumulator(listener);
        this.errors = errors;
        this.requestedModel = requestedModel;
    }

    /** One SSE data payload; false once {@code [DONE]} arrived. */
    boolean accept(byte[] data, int off, int len) throws IOException {
        int start = off, end = off + len;
        while (start < end && data[start] <= ' ') start++;
        while (end > start && data[end - 1] <= ' ') end--;
        if (start == end) return true;
        if (end - start == 6 && data[start] == '[' && new String(data, start, 6, StandardCharsets.US_ASCII).equals("[DONE]")) {
            done = true;
            return false;
        }
        listener.onFirstByte();
        try (JsonParser p = Json.MAPPER.createParser(data, start, end - start)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw errors.protocol("stream chunk is not a JSON object", null);
            chunk(p);
        } catch (JacksonException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw errors.protocol("stream event is not JSON: '"
                    + ErrorMapper.prefix(new String(data, start, Math.min(end - start, 600), StandardCharsets.UTF_8)) + "'", e);
        }
        return true;
    }

    private void chunk(JsonParser p) {
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> {
                    if (id == null && t == JsonToken.VALUE_STRING) id = p.getString();
                }
                case "model" -> {
                    if (model == null && t == JsonToken.VALUE_STRING) model = p.getString();
                }
                case "choices" -> {
                    if (t == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_OBJECT) choice(p);
                    } else {
                        p.skipChildren();
                    }
                }
                case "usage" -> {
                    if (t == JsonToken.START_OBJECT) usage = OpenAiResponseReader.usage(p.readValueAsTree());
                    else p.skipChildren();
                }
                case "error" -> {
                    if (t == JsonToken.VALUE_NULL) break;
                    JsonNode error = p.readValueAsTree();
                    throw streamError(error);
                }
                default -> p.skipChildren();
            }
        }
        if (model == null) model = requestedModel;
    }

    private void choice(JsonParser p) {
        int index = -1;
        JsonNode earlyDelta = null;
        String fr = null;
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "index" -> index = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
                case "delta" -> {
                    if (t != JsonToken.START_OBJECT) p.skipChildren();
                    else if (index < 0) earlyDelta = p.readValueAsTree(); // the index is not known yet
                    else if (index == 0) delta(p);
                    else p.skipChildren();
                }
                case "finish_reason" -> {
                    if (t == JsonToken.VALUE_STRING) fr = p.getString();
                }
                default -> p.skipChildren();
            }
        }
        if (index <= 0) {
            if (earlyDelta != null) deltaTree(earlyDelta);
            if (fr != null) finish = fr;
        }
    }

    private void delta(JsonParser p) {
        String reasoning = null;
        boolean reasoningContent = false;
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "content" -> {
                    if (t == JsonToken.VALUE_STRING) text(p.getString());
                }
                // reasoning text of OpenAI-compatible reasoning servers (DeepSeek, vLLM, OpenRouter): shown, not kept
                case "reasoning_content" -> {
                    reasoningContent = true;
                    if (t == JsonToken.VALUE_STRING) listener.onThinking(p.getString());
                }
                case "reasoning" -> {
                    if (t == JsonToken.VALUE_STRING) reasoning = p.getString();
                    else p.skipChildren();
                }
                case "tool_calls" -> {
                    if (t == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_OBJECT) toolCall(p);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (reasoning != null && !reasoningContent) listener.onThinking(reasoning);
    }

    private void toolCall(JsonParser p) {
        Integer index = null;
        String callId = null, fnName = null, args = null;
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "index" -> {
                    if (t == JsonToken.VALUE_NUMBER_INT) index = p.getIntValue();
                }
                case "id" -> {
                    if (t == JsonToken.VALUE_STRING) callId = p.getString();
                }
                case "function" -> {
                    if (t != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        break;
                    }
                    String f;
                    while ((f = p.nextName()) != null) {
                        JsonToken ft = p.nextToken();
                        if (f.equals("name") && ft == JsonToken.VALUE_STRING) fnName = p.getString();
                        else if (f.equals("arguments") && ft == JsonToken.VALUE_STRING) args = p.getString();
                        else p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        tools.start(index, callId, fnName);
        if (args != null) tools.arguments(index, args);
    }

    /** The same as {@link #delta(JsonParser)} for a delta that came before its choice's index. */
    private void deltaTree(JsonNode delta) {
        JsonNode reasoning = delta.has("reasoning_content") ? delta.get("reasoning_content") : delta.get("reasoning");
        if (reasoning != null && reasoning.isString()) listener.onThinking(reasoning.asString());
        JsonNode content = delta.get("content");
        if (content != null && content.isString()) text(content.asString());
        for (JsonNode tc : delta.path("tool_calls")) {
            JsonNode ix = tc.get("index");
            Integer index = ix != null && ix.isNumber() ? ix.asInt() : null;
            JsonNode fn = tc.path("function");
            tools.start(index, tc.path("id").asString(null), fn.path("name").asString(null));
            JsonNode args = fn.get("arguments");
            if (args != null && args.isString()) tools.arguments(index, args.asString());
        }
    }

    private void text(String t) {
        text.append(t);
        listener.onText(t);
    }

    ModelException streamError(JsonNode error) {
        return streamError(errors, error);
    }

    /** An {@code error} object (or string) in a chunk or a body, as the exception to throw. */
    static ModelException streamError(ErrorMapper errors, JsonNode error) {
        if (error.isString()) return errors.fromStreamError(null, error.asString());
        String type = error.path("type").asString(error.path("code").asString(null));
        return errors.fromStreamError(type, error.path("message").asString(""));
    }
}
