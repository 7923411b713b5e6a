package dev.tern.provider.openai;

import dev.tern.model.ChatResponse;
import dev.tern.provider.internal.ErrorMapper;
import tools.jackson.databind.JsonNode;

/** The Chat Completions wire format outside an HTTP exchange: answers found in batch result files. */
public final class OpenAiJson {

    private OpenAiJson() { }

    /**
     * Reads a Chat Completions answer body.
     *
     * @throws dev.tern.model.ModelException PROTOCOL when it is not one, or the error it carries
     */
    public static ChatResponse response(JsonNode body, String requestedModel) {
        ErrorMapper errors = new ErrorMapper("openai", "");
        try {
            return new OpenAiAnswer(errors).read(dev.tern.json.Json.MAPPER.writeValueAsBytes(body), requestedModel);
        } catch (java.io.IOException e) {
            throw errors.protocol("unreadable answer: " + e.getMessage(), e); // bytes in memory: not an I/O failure
        }
    }
}
