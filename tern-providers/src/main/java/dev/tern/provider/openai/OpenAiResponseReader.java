package dev.tern.provider.openai;

import dev.tern.json.Json;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatResponse;
import dev.tern.model.ModelException;
import dev.tern.model.StopReason;
import dev.tern.model.ToolCall;
import dev.tern.model.Usage;
import dev.tern.provider.http.BodyStream;
import dev.tern.provider.http.ErrorMapper;
import dev.tern.provider.http.SseParser;
import dev.tern.provider.http.ToolCallAccumulator;
import dev.tern.provider.http.TrackingListener;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Reads Chat Completions answers: a whole JSON body, or an SSE stream of chunks. */
final class OpenAiResponseReader {

    private final ErrorMapper errors;

    OpenAiResponseReader(ErrorMapper errors) {
        this.errors = errors;
    }

    ChatResponse readWhole(HttpResponse<BodyStream> response, String requestedModel) throws IOException {
        return read(Json.MAPPER.readTree(response.body()), requestedModel);
    }

    /** A whole answer already parsed (a response body, or a batch result line's body). */
    ChatResponse read(JsonNode root, String requestedModel) {
        if (root == null || !root.isObject()) throw errors.protocol("expected a JSON object", null);
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) throw streamError(error);
        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.isEmpty()) throw errors.protocol("no choices in the response", null);
        JsonNode choice = choices.get(0);
        JsonNode msg = choice.path("message");
        List<ToolCall> calls = new ArrayList<>();
        int ordinal = 0;
        for (JsonNode c : msg.path("tool_calls")) {
            JsonNode fn = c.path("function");
            String id = c.path("id").asString("");
            calls.add(new ToolCall(id.isEmpty() ? "call_" + ordinal : id, fn.path("name").asString(""), rawArguments(fn.get("arguments"))));
            ordinal++;
        }
        String text = msg.path("content").isString() ? msg.path("content").asString() : "";
        AssistantMessage message = new AssistantMessage(text, calls);
        return new ChatResponse(message, usage(root.get("usage")), stop(choice.path("finish_reason").asString(""), !calls.isEmpty()),
                root.path("model").asString(requestedModel), root.path("id").asString(null));
    }

    /** Streamed chunks: text and tool-call deltas go to the listener as they arrive. */
    ChatResponse readStream(HttpResponse<BodyStream> response, TrackingListener listener, String requestedModel)
            throws IOException {
        String contentType = response.headers().firstValue("content-type").orElse("");
        if (contentType.startsWith("application/json")) {
            // the server ignored "stream": take the whole answer and replay it
            ChatResponse whole = readWhole(response, requestedModel);
            listener.onFirstByte();
            listener.onText(whole.message().text());
            return whole;
        }
        StreamState s = new StreamState(listener);
        SseParser parser = new SseParser(response.body());
        parser.run(event -> s.accept(event, requestedModel));
        if (!s.done && s.finish == null) {
            if (parser.events() == 0) throw errors.protocol("expected an event stream, got no events", null);
            throw errors.error(ModelException.Kind.CONNECTION, "stream ended before the answer was complete", null);
        }
        List<ToolCall> calls = s.tools.calls();
        return new ChatResponse(new AssistantMessage(s.text.toString(), calls), s.usage,
                stop(s.finish == null ? "" : s.finish, !calls.isEmpty()), s.model, s.id);
    }

    private final class StreamState {
        final TrackingListener listener;
        final ToolCallAccumulator tools;
        final StringBuilder text = new StringBuilder();
        String finish;
        Usage usage = Usage.ZERO;
        String model;
        String id;
        boolean done;

        StreamState(TrackingListener listener) {
            this.listener = listener;
            this.tools = new ToolCallAccumulator(listener);
        }

        boolean accept(SseParser.Event event, String requestedModel) {
            String data = event.data();
            if (data.equals("[DONE]")) {
                done = true;
                return false;
            }
            if (data.isBlank()) return true;
            listener.onFirstByte();
            JsonNode chunk = Json.MAPPER.readTree(data);
            if (chunk == null || !chunk.isObject()) throw errors.protocol("stream chunk is not a JSON object", null);
            JsonNode error = chunk.get("error");
            if (error != null && !error.isNull()) throw streamError(error);
            if (id == null) id = chunk.path("id").asString(null);
            if (model == null) model = chunk.path("model").asString(requestedModel);
            JsonNode u = chunk.get("usage");
            if (u != null && u.isObject()) usage = usage(u);
            for (JsonNode choice : chunk.path("choices")) {
                if (choice.path("index").asInt(0) != 0) continue;
                JsonNode delta = choice.path("delta");
                // reasoning text of OpenAI-compatible reasoning servers (DeepSeek, vLLM, OpenRouter): shown, not kept
                JsonNode reasoning = delta.has("reasoning_content") ? delta.get("reasoning_content") : delta.get("reasoning");
                if (reasoning != null && reasoning.isString()) listener.onThinking(reasoning.asString());
                JsonNode content = delta.get("content");
                if (content != null && content.isString()) {
                    String t = content.asString();
                    text.append(t);
                    listener.onText(t);
                }
                for (JsonNode tc : delta.path("tool_calls")) {
                    JsonNode ix = tc.get("index");
                    Integer index = ix != null && ix.isNumber() ? ix.asInt() : null;
                    JsonNode fn = tc.path("function");
                    tools.start(index, tc.path("id").asString(null), fn.path("name").asString(null));
                    JsonNode args = fn.get("arguments");
                    if (args != null && args.isString()) tools.arguments(index, args.asString());
                }
                JsonNode fr = choice.get("finish_reason");
                if (fr != null && fr.isString()) finish = fr.asString();
            }
            return true;
        }
    }

    private ModelException streamError(JsonNode error) {
        if (error.isString()) return errors.fromStreamError(null, error.asString());
        String type = error.path("type").asString(error.path("code").asString(null));
        return errors.fromStreamError(type, error.path("message").asString(""));
    }

    /** Arguments as the model produced them: a string (the normal case) or, from lax servers, an object. */
    private static String rawArguments(JsonNode args) {
        if (args == null || args.isNull()) return "{}";
        return args.isString() ? args.asString() : args.toString();
    }

    static Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) return Usage.ZERO;
        long prompt = u.path("prompt_tokens").asLong(0);
        long completion = u.path("completion_tokens").asLong(0);
        long cached = u.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        return new Usage(Math.max(0, prompt - cached), completion, cached, 0);
    }

    static StopReason stop(String finishReason, boolean hasToolCalls) {
        StopReason r = switch (finishReason) {
            case "stop" -> StopReason.END_TURN;
            case "tool_calls", "function_call" -> StopReason.TOOL_USE;
            case "length" -> StopReason.MAX_TOKENS;
            case "content_filter" -> StopReason.CONTENT_FILTER;
            default -> StopReason.OTHER;
        };
        return hasToolCalls && (r == StopReason.END_TURN || r == StopReason.OTHER) ? StopReason.TOOL_USE : r;
    }
}
