package dev.tern.provider.anthropic;

import dev.tern.json.Json;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatResponse;
import dev.tern.model.ModelException;
import dev.tern.model.StopReason;
import dev.tern.model.ThinkingBlock;
import dev.tern.model.ToolCall;
import dev.tern.model.Usage;
import dev.tern.http.TransportResponse;
import dev.tern.provider.internal.ErrorMapper;
import dev.tern.http.SseParser;
import dev.tern.provider.internal.ToolCallAccumulator;
import dev.tern.provider.internal.TrackingListener;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads Messages API answers: a whole JSON message, or the SSE event stream. */
final class AnthropicResponseReader {

    private final ErrorMapper errors;

    AnthropicResponseReader(ErrorMapper errors) {
        this.errors = errors;
    }

    ChatResponse readWhole(TransportResponse response, String requestedModel) throws IOException {
        return read(errors.json(response.body().readAllBytes()), requestedModel);
    }

    /** A whole message already parsed (a response body, or a batch result's message). */
    ChatResponse read(JsonNode root, String requestedModel) {
        if (root == null || !root.isObject()) throw errors.protocol("expected a JSON object", null);
        if ("error".equals(root.path("type").asString(""))) throw streamError(root.path("error"));
        JsonNode content = root.path("content");
        if (!content.isArray()) throw errors.protocol("no content in the message", null);
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        List<ThinkingBlock> thinking = new ArrayList<>();
        for (JsonNode block : content) {
            switch (block.path("type").asString("")) {
                case "text" -> text.append(block.path("text").asString(""));
                case "tool_use" -> calls.add(new ToolCall(block.path("id").asString(""), block.path("name").asString(""),
                        block.path("input").isObject() ? block.path("input").toString() : "{}"));
                case "thinking" -> thinking.add(new ThinkingBlock(block.path("thinking").asString(""),
                        block.path("signature").asString(null), false));
                case "redacted_thinking" -> thinking.add(new ThinkingBlock("", block.path("data").asString(""), true));
                default -> { } // server tool results and future block types are not part of the Tern model
            }
        }
        return new ChatResponse(new AssistantMessage(text.toString(), calls, thinking),
                usage(root.path("usage"), Usage.ZERO), stop(root.path("stop_reason").asString("")),
                root.path("model").asString(requestedModel), root.path("id").asString(null));
    }

    ChatResponse readStream(TransportResponse response, TrackingListener listener, String requestedModel)
            throws IOException {
        String contentType = response.headers().firstValue("content-type").orElse("");
        if (contentType.startsWith("application/json")) {
            ChatResponse whole = readWhole(response, requestedModel);
            listener.onFirstByte();
            listener.onText(whole.message().text());
            return whole;
        }
        StreamState s = new StreamState(listener, requestedModel);
        SseParser parser = new SseParser(response.body());
        parser.run((SseParser.RawHandler) s::accept);
        if (!s.stopped) {
            if (parser.events() == 0) throw errors.protocol("expected an event stream, got no events", null);
            throw errors.error(ModelException.Kind.CONNECTION, "stream ended before message_stop", null);
        }
        return s.response();
    }

    /** Blocks by wire index; text and thinking grow in place, tool calls through the accumulator. */
    private final class StreamState {
        final TrackingListener listener;
        final ToolCallAccumulator tools;
        final Map<Integer, StringBuilder> texts = new HashMap<>();
        final Map<Integer, ThinkingParts> thinking = new HashMap<>();
        final List<Integer> order = new ArrayList<>();
        final Map<Integer, String> types = new HashMap<>();
        Usage usage = Usage.ZERO;
        String model;
        String id;
        String stopReason = "";
        boolean stopped;

        StreamState(TrackingListener listener, String requestedModel) {
            this.listener = listener;
            this.tools = new ToolCallAccumulator(listener);
            this.model = requestedModel;
        }

        /**
         * One event. Text, thinking and tool-input deltas (nearly every event of a stream) are read with the
         * streaming parser straight from the bytes; the few other events as small trees.
         */
        boolean accept(String event, byte[] bytes, int off, int len) throws IOException {
            if ("content_block_delta".equals(event) && fastDelta(bytes, off, len)) return true;
            return accept(new SseParser.Event(event == null ? "message" : event,
                    new String(bytes, off, len, java.nio.charset.StandardCharsets.UTF_8), null));
        }

        /** A {@code content_block_delta} with one string value; false (nothing applied) for anything else. */
        private boolean fastDelta(byte[] bytes, int off, int len) throws IOException {
            try (JsonParser p = Json.MAPPER.createParser(bytes, off, len)) {
                if (p.nextToken() != JsonToken.START_OBJECT) return false;
                int index = -1;
                String type = null, value = null;
                String name;
                while ((name = p.nextName()) != null) {
                    JsonToken t = p.nextToken();
                    switch (name) {
                        case "type" -> {
                            if (t != JsonToken.VALUE_STRING || !p.getString().equals("content_block_delta")) return false;
                        }
                        case "index" -> {
                            if (t != JsonToken.VALUE_NUMBER_INT) return false;
                            index = p.getIntValue();
                        }
                        case "delta" -> {
                            if (t != JsonToken.START_OBJECT) return false;
                            String f;
                            while ((f = p.nextName()) != null) {
                                JsonToken ft = p.nextToken();
                                if (f.equals("type") && ft == JsonToken.VALUE_STRING) type = p.getString();
                                else if (ft == JsonToken.VALUE_STRING && value == null) value = p.getString();
                                else p.skipChildren();
                            }
                        }
                        default -> p.skipChildren();
                    }
                }
                if (index < 0 || type == null || value == null) return false;
                deltaValue(index, type, value); // only once the whole event was read: a fallback never repeats it
                return true;
            } catch (JacksonException e) {
                if (e.getCause() instanceof IOException io) throw io;
                return false; // the tree path reports what is wrong with it
            }
        }

        boolean accept(SseParser.Event event) {
            if (event.data().isBlank()) return true;
            JsonNode data = errors.json(event.data());
            if (data == null || !data.isObject()) throw errors.protocol("stream event is not a JSON object", null);
            String type = data.path("type").asString(event.event());
            switch (type) {
                case "message_start" -> {
                    listener.onFirstByte();
                    JsonNode msg = data.path("message");
                    id = msg.path("id").asString(null);
                    model = msg.path("model").asString(model);
                    usage = usage(msg.path("usage"), Usage.ZERO);
                }
                case "content_block_start" -> start(data.path("index").asInt(0), data.path("content_block"));
                case "content_block_delta" -> delta(data.path("index").asInt(0), data.path("delta"));
                case "message_delta" -> {
                    JsonNode sr = data.path("delta").path("stop_reason");
                    if (sr.isString()) stopReason = sr.asString();
                    usage = usage(data.path("usage"), usage);
                }
                case "message_stop" -> {
                    stopped = true;
                    return false;
                }
                case "error" -> throw streamError(data.path("error"));
                default -> { } // ping, content_block_stop and future events
            }
            return true;
        }

        private void start(int index, JsonNode block) {
            String type = block.path("type").asString("");
            types.put(index, type);
            order.add(index);
            switch (type) {
                case "text" -> {
                    texts.put(index, new StringBuilder());
                    emitText(index, block.path("text").asString(""));
                }
                case "thinking" -> {
                    ThinkingParts t = new ThinkingParts(false);
                    t.signature.append(block.path("signature").asString(""));
                    thinking.put(index, t);
                    String initial = block.path("thinking").asString("");
                    t.text.append(initial);
                    listener.onThinking(initial);
                }
                case "redacted_thinking" -> {
                    ThinkingParts t = new ThinkingParts(true);
                    t.signature.append(block.path("data").asString(""));
                    thinking.put(index, t);
                }
                case "tool_use" -> {
                    tools.start(index, block.path("id").asString(null), block.path("name").asString(null));
                    JsonNode input = block.path("input");
                    if (input.isObject() && !input.isEmpty()) tools.arguments(index, input.toString());
                }
                default -> { }
            }
        }

        private void delta(int index, JsonNode delta) {
            String type = delta.path("type").asString("");
            String field = switch (type) {
                case "text_delta" -> "text";
                case "input_json_delta" -> "partial_json";
                case "thinking_delta" -> "thinking";
                case "signature_delta" -> "signature";
                default -> null;
            };
            if (field != null) deltaValue(index, type, delta.path(field).asString(""));
        }

        /** A delta's one value: text, partial tool input JSON, thinking or a signature piece. */
        private void deltaValue(int index, String type, String value) {
            switch (type) {
                case "text_delta" -> {
                    texts.computeIfAbsent(index, i -> { order.add(i); types.put(i, "text"); return new StringBuilder(); });
                    emitText(index, value);
                }
                case "input_json_delta" -> tools.arguments(index, value);
                case "thinking_delta" -> {
                    ThinkingParts t = thinking.get(index);
                    if (t != null) t.text.append(value);
                    listener.onThinking(value);
                }
                case "signature_delta" -> {
                    ThinkingParts t = thinking.get(index);
                    if (t != null) t.signature.append(value);
                }
                default -> { }
            }
        }

        private void emitText(int index, String piece) {
            if (piece.isEmpty()) return;
            texts.get(index).append(piece);
            listener.onText(piece);
        }

        ChatResponse response() {
            StringBuilder text = new StringBuilder();
            List<ThinkingBlock> blocks = new ArrayList<>();
            for (int index : order) {
                StringBuilder t = texts.get(index);
                if (t != null && "text".equals(types.get(index))) text.append(t);
                ThinkingParts th = thinking.get(index);
                if (th != null) {
                    String sig = th.signature.isEmpty() ? null : th.signature.toString();
                    blocks.add(new ThinkingBlock(th.redacted ? "" : th.text.toString(), sig, th.redacted));
                }
            }
            return new ChatResponse(new AssistantMessage(text.toString(), tools.calls(), blocks), usage,
                    stop(stopReason), model, id);
        }
    }

    private static final class ThinkingParts {
        final boolean redacted;
        final StringBuilder text = new StringBuilder();
        final StringBuilder signature = new StringBuilder();

        ThinkingParts(boolean redacted) { this.redacted = redacted; }
    }

    private ModelException streamError(JsonNode error) {
        return errors.fromStreamError(error.path("type").asString(null), error.path("message").asString(""));
    }

    /** Reads usage fields present in {@code u}, keeping {@code base} values for absent ones (message_delta is partial). */
    static Usage usage(JsonNode u, Usage base) {
        if (u == null || !u.isObject()) return base;
        return new Usage(
                u.path("input_tokens").asLong(base.inputTokens()),
                u.path("output_tokens").asLong(base.outputTokens()),
                u.path("cache_read_input_tokens").asLong(base.cacheReadTokens()),
                u.path("cache_creation_input_tokens").asLong(base.cacheWriteTokens()));
    }

    static StopReason stop(String reason) {
        return switch (reason) {
            case "end_turn" -> StopReason.END_TURN;
            case "tool_use" -> StopReason.TOOL_USE;
            case "max_tokens", "model_context_window_exceeded" -> StopReason.MAX_TOKENS;
            case "stop_sequence" -> StopReason.STOP_SEQUENCE;
            case "refusal" -> StopReason.REFUSAL;
            default -> StopReason.OTHER;
        };
    }
}
