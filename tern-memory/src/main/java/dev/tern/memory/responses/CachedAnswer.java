package dev.tern.memory.responses;

import dev.tern.model.ChatResponse;
import java.util.Objects;

/**
 * A stored answer.
 *
 * @param key           the request key it answers ({@link RequestKey})
 * @param response      the provider's answer, with the usage it billed
 * @param costUsd       what that call cost (0 when the model has no price): money saved per hit
 * @param createdMillis when it was stored (epoch ms)
 * @param expiresMillis when it stops being served (epoch ms)
 */
public record CachedAnswer(String key, ChatResponse response, double costUsd, long createdMillis, long expiresMillis) {
    public CachedAnswer {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(response, "response");
    }

    public boolean expired(long nowMillis) { return nowMillis >= expiresMillis; }
}
