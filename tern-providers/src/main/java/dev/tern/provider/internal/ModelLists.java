package dev.tern.provider.internal;

import dev.tern.cancel.Cancellation;
import dev.tern.http.TransportResponse;
import dev.tern.provider.ModelInfo;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads model lists: the OpenAI shape ({@code {"data": [{"id", ...}]}}, with vLLM's
 * {@code max_model_len} or OpenRouter's {@code context_length}) and Anthropic's paginated shape
 * ({@code has_more}, {@code last_id}, {@code max_input_tokens}, {@code max_tokens}). Cached by the
 * provider after the first successful read.
 */
public final class ModelLists {

    private static final int MAX_PAGES = 20;

    private ModelLists() { }

    /**
     * Lists every model, following Anthropic-style pages.
     *
     * @param path e.g. {@code "/models"} (OpenAI base URLs end in /v1) or {@code "/v1/models"}
     */
    public static List<ModelInfo> fetch(ProviderHttp http, String path, Cancellation cancel) {
        List<ModelInfo> out = new ArrayList<>();
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String p = after == null ? path : path + "?limit=1000&after_id=" + URLEncoder.encode(after, StandardCharsets.UTF_8);
            JsonNode root = http.get(p, cancel, (TransportResponse r, TrackingListener l) ->
                    http.errors().json(r.body().readAllBytes()));
            JsonNode data = root.path("data");
            if (!data.isArray()) data = root.path("models"); // a few servers use "models"
            if (!data.isArray()) throw http.errors().protocol("model list without \"data\"", null);
            for (JsonNode m : data) {
                ModelInfo info = parse(m);
                if (info != null) out.add(info);
            }
            if (!root.path("has_more").asBoolean(false) || root.path("last_id").asString("").isEmpty()) break;
            after = root.path("last_id").asString();
        }
        return List.copyOf(out);
    }

    static ModelInfo parse(JsonNode m) {
        String id = m.path("id").asString(m.path("name").asString(""));
        if (id.isEmpty()) return null;
        JsonNode top = m.path("top_provider");
        Integer window = firstInt(m.get("max_model_len"), m.get("context_length"), m.get("context_window"),
                m.get("max_input_tokens"), m.get("max_context_length"), top.get("context_length"));
        Integer output = firstInt(m.get("max_tokens"), m.get("max_output_tokens"), top.get("max_completion_tokens"));
        return new ModelInfo(id, window, output);
    }

    private static Integer firstInt(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (n != null && n.isNumber() && n.asLong() > 0) return (int) Math.min(Integer.MAX_VALUE, n.asLong());
            if (n != null && n.isString()) {
                try {
                    long v = Long.parseLong(n.asString().strip());
                    if (v > 0) return (int) Math.min(Integer.MAX_VALUE, v);
                } catch (NumberFormatException ignored) {
                    // not a number: look further
                }
            }
        }
        return null;
    }
}
