package dev.tern.provider.batch;

import dev.tern.batch.BatchRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Small helpers both vendors' batch code shares. */
final class BatchJson {

    private BatchJson() { }

    /** A time given as epoch seconds (OpenAI) or ISO-8601 text (Anthropic); null when absent. */
    static Instant time(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isNumber()) return Instant.ofEpochSecond(n.asLong());
        try {
            return Instant.parse(n.asString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static int count(JsonNode counts, String name) {
        JsonNode v = counts.get(name);
        return v == null || !v.isNumber() ? 0 : v.asInt();
    }

    /** @throws IllegalArgumentException for an empty list or duplicate custom ids */
    static void check(List<BatchRequest> requests, boolean oneModel) {
        if (requests.isEmpty()) throw new IllegalArgumentException("a batch needs at least one request");
        Set<String> ids = new HashSet<>();
        String model = requests.get(0).request().model();
        for (BatchRequest r : requests) {
            if (!ids.add(r.customId())) throw new IllegalArgumentException("custom_id '" + r.customId() + "' is used twice");
            if (oneModel && !r.request().model().equals(model)) {
                throw new IllegalArgumentException("all requests of an OpenAI batch must use one model: '" + model + "' and '"
                        + r.request().model() + "' (custom_id " + r.customId() + ")");
            }
        }
    }

    /** A vendor error object's message: {@code {"message": ...}} or {@code {"error": {"message": ...}}}. */
    static String message(JsonNode error) {
        if (error == null || error.isNull()) return "no details given";
        JsonNode inner = error.path("error");
        String code = error.path("code").asString(inner.path("type").asString(error.path("type").asString("")));
        String msg = error.path("message").asString(inner.path("message").asString(""));
        if (msg.isEmpty()) msg = error.toString();
        return code.isEmpty() || msg.startsWith(code) ? msg : code + ": " + msg;
    }
}
