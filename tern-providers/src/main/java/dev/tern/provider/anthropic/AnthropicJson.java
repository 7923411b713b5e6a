package dev.tern.provider.anthropic;

import dev.tern.model.ChatResponse;
import dev.tern.provider.internal.ErrorMapper;
import tools.jackson.databind.JsonNode;

/** The Messages API wire format outside an HTTP exchange: messages found in batch results. */
public final class AnthropicJson {

    private AnthropicJson() { }

    /**
     * Reads a Messages API message.
     *
     * @throws dev.tern.model.ModelException PROTOCOL when it is not one, or the error it carries
     */
    public static ChatResponse response(JsonNode message, String requestedModel) {
        return new AnthropicResponseReader(new ErrorMapper("anthropic", "")).read(message, requestedModel);
    }
}
