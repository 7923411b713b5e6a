package dev.tern.provider.openai;

import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatResponse;
import dev.tern.model.ModelException;
import dev.tern.model.StopReason;
import dev.tern.model.ToolCall;
import dev.tern.model.Usage;
import dev.tern.http.TransportResponse;
import dev.tern.provider.internal.ErrorMapper;
import dev.tern.http.SseParser;
import dev.tern.provider.internal.TrackingListener;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.List;

/** Reads Chat Completions answers: a whole JSON body, or an SSE stream of chunks. */
final class OpenAiResponseReader {

    private final ErrorMapper errors;

    private final OpenAiAnswer answer;

    OpenAiResponseReader(ErrorMapper errors) {
        this.errors = errors;
        this.answer = new OpenAiAnswer(errors);
    }

    ChatResponse readWhole(TransportResponse response, String requestedModel) throws IOException {
        return answer.read(response.body().readAllBytes(), requestedModel);
    }

    /** Streamed chunks: text and tool-call deltas go to the listener as they arrive. */
    ChatResponse readStream(TransportResponse response, TrackingListener listener, String requestedModel)
            throws IOException {
        String contentType = response.headers().firstValue("content-type").orElse("");
        if (contentType.startsWith("application/json")) {
            // the server ignored "stream": take the whole answer and replay it
            ChatResponse whole = readWhole(response, requestedModel);
            listener.onFirstByte();
            listener.onText(whole.message().text());
            return whole;
        }
        OpenAiStream s = new OpenAiStream(listener, errors, requestedModel);
        SseParser parser = new SseParser(response.body());
        parser.run((SseParser.RawHandler) (event, data, off, len) -> s.accept(data, off, len));
        if (!s.done && s.finish == null) {
            if (parser.events() == 0) throw errors.protocol("expected an event stream, got no events", null);
            throw errors.error(ModelException.Kind.CONNECTION, "stream ended before the answer was complete", null);
        }
        List<ToolCall> calls = s.tools.calls();
        return new ChatResponse(new AssistantMessage(s.text.toString(), calls), s.usage,
                stop(s.finish == null ? "" : s.finish, !calls.isEmpty()), s.model == null ? requestedModel : s.model, s.id);
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
