package dev.tern.batch;

import dev.tern.model.ChatRequest;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One request of a batch.
 *
 * @param customId the caller's id, unique in the batch, {@code [a-zA-Z0-9_-]{1,64}} (what both vendors accept);
 *                 results are mapped back by it
 * @param request  the model call
 */
public record BatchRequest(String customId, ChatRequest request) {

    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    public BatchRequest {
        Objects.requireNonNull(customId, "customId");
        Objects.requireNonNull(request, "request");
        if (!ID.matcher(customId).matches()) {
            throw new IllegalArgumentException("custom_id '" + customId + "' must be 1 to 64 letters, digits, '_' or '-'");
        }
    }
}
