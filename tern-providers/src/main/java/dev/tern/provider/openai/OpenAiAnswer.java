package dev.tern.provider.openai;

import dev.tern.json.Json;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatResponse;
import dev.tern.model.ToolCall;
import dev.tern.model.Usage;
import dev.tern.provider.internal.ErrorMapper;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole (non-streamed) Chat Completions answer read with Jackson's streaming parser straight from
 * the body bytes: the first choice's message, tool calls, finish reason, usage, model and id; no tree
 * except for the rare parts (usage, an error, object-valued arguments from lax servers).
 */
final class OpenAiAnswer {

    private final ErrorMapper errors;

    OpenAiAnswer(ErrorMapper errors) {
        this.errors = errors;
    }

    ChatResponse read(byte[] body, String requestedModel) throws IOException {
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw errors.protocol("expected a JSON object", null);
            String id = null, model = null, text = "", finish = "";
            Usage usage = Usage.ZERO;
            List<ToolCall> calls = new ArrayList<>();
            boolean choices = false;
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "id" -> id = t == JsonToken.VALUE_STRING ? p.getString() : id;
                    case "model" -> model = t == JsonToken.VALUE_STRING ? p.getString() : model;
                    case "usage" -> usage = t == JsonToken.START_OBJECT ? OpenAiResponseReader.usage(p.readValueAsTree()) : skip(p, usage);
                    case "error" -> {
                        if (t != JsonToken.VALUE_NULL) throw OpenAiStream.streamError(errors, p.readValueAsTree());
                    }
                    case "choices" -> {
                        if (t != JsonToken.START_ARRAY) {
                            p.skipChildren();
                            break;
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            if (choices) {
                                p.skipChildren(); // only the first choice is the answer
                                continue;
                            }
                            choices = true;
                            String[] out = choice(p, calls);
                            text = out[0];
                            finish = out[1];
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (!choices) throw errors.protocol("no choices in the response", null);
            return new ChatResponse(new AssistantMessage(text, calls), usage, OpenAiResponseReader.stop(finish, !calls.isEmpty()),
                    model == null ? requestedModel : model, id);
        } catch (JacksonException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw errors.protocol(body.length == 0 ? "empty body where JSON was expected"
                    : "not JSON: '" + ErrorMapper.prefix(body) + "'", e);
        }
    }

    /** Reads one choice object: returns {text, finish reason} and adds its tool calls. */
    private static String[] choice(JsonParser p, List<ToolCall> calls) {
        String text = "", finish = "";
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            if (name.equals("finish_reason")) {
                if (t == JsonToken.VALUE_STRING) finish = p.getString();
            } else if (name.equals("message") && t == JsonToken.START_OBJECT) {
                String m;
                while ((m = p.nextName()) != null) {
                    JsonToken mt = p.nextToken();
                    if (m.equals("content") && mt == JsonToken.VALUE_STRING) text = p.getString();
                    else if (m.equals("tool_calls") && mt == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_OBJECT) calls.add(toolCall(p, calls.size()));
                    } else p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
        }
        return new String[] {text, finish};
    }

    private static ToolCall toolCall(JsonParser p, int ordinal) {
        String id = "", fn = "", args = "{}";
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            if (name.equals("id") && t == JsonToken.VALUE_STRING) {
                id = p.getString();
            } else if (name.equals("function") && t == JsonToken.START_OBJECT) {
                String f;
                while ((f = p.nextName()) != null) {
                    JsonToken ft = p.nextToken();
                    if (f.equals("name") && ft == JsonToken.VALUE_STRING) fn = p.getString();
                    else if (f.equals("arguments") && ft == JsonToken.VALUE_STRING) args = p.getString();
                    // arguments as an object, from lax servers: kept as its JSON text
                    else if (f.equals("arguments") && ft == JsonToken.START_OBJECT) args = p.readValueAsTree().toString();
                    else p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
        }
        return new ToolCall(id.isEmpty() ? "call_" + ordinal : id, fn, args);
    }

    private static <T> T skip(JsonParser p, T keep) {
        p.skipChildren();
        return keep;
    }
}
