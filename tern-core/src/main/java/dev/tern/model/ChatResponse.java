package dev.tern.model;

import java.util.Objects;

/**
 * The outcome of one model call.
 *
 * @param message    the assistant turn
 * @param usage      tokens as the provider reported them (never null; ZERO if it reported none)
 * @param stopReason why generation stopped
 * @param model      the model that answered (as reported), or the requested one
 * @param id         the provider's response id, or null
 */
public record ChatResponse(AssistantMessage message, Usage usage, StopReason stopReason, String model, String id) {
    public ChatResponse {
        Objects.requireNonNull(message, "message");
        usage = usage == null ? Usage.ZERO : usage;
        stopReason = stopReason == null ? StopReason.OTHER : stopReason;
    }
}
