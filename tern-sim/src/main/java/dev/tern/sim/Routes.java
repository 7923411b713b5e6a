package dev.tern.sim;

import java.util.List;
import java.util.Set;

/** Route names, and the bounded set of keys the per-endpoint counters use. */
final class Routes {

    static final String CHAT = "POST /v1/chat/completions";
    static final String MESSAGES = "POST /v1/messages";
    static final String COUNT_TOKENS = "POST /v1/messages/count_tokens";
    static final String EMBEDDINGS = "POST /v1/embeddings";
    static final String MESSAGES_PATH = "/v1/messages";
    static final String EMBEDDINGS_PATH = "/v1/embeddings";

    private static final Set<String> EXACT = Set.of(CHAT, MESSAGES, COUNT_TOKENS, EMBEDDINGS, "GET /v1/models",
            "GET /sim/stats", "GET /sim/requests", "POST /sim/reset", "GET /sim/scenarios", "POST /sim/scenarios",
            "POST /v1/files", "GET /v1/files", "POST /v1/batches", "GET /v1/batches", "POST /v1/messages/batches",
            "GET /v1/messages/batches");
    private static final Set<String> METHODS = Set.of("GET", "POST", "DELETE");
    private static final List<String> PATHS = List.of("/v1/chat/completions", "/v1/messages", "/v1/messages/count_tokens",
            "/v1/embeddings", "/v1/models", "/sim/stats", "/sim/requests", "/sim/reset", "/sim/scenarios");

    private Routes() { }

    /**
     * The counter key of a request: the route with ids replaced by {@code {id}} (e.g.
     * {@code "GET /v1/batches/{id}"}), or "other", so that junk paths cannot grow the map without bound.
     */
    static String statsKey(String method, String path) {
        String key = method + " " + path;
        if (EXACT.contains(key)) return key;
        if (!METHODS.contains(method)) return "other";
        String template = template(path);
        return template == null ? "other" : method + " " + template;
    }

    private static String template(String path) {
        if (path.startsWith("/v1/models/")) return "/v1/models/{id}";
        if (path.startsWith("/v1/files/")) return path.endsWith("/content") ? "/v1/files/{id}/content" : "/v1/files/{id}";
        if (path.startsWith("/v1/batches/")) return path.endsWith("/cancel") ? "/v1/batches/{id}/cancel" : "/v1/batches/{id}";
        if (path.startsWith("/v1/messages/batches/")) {
            if (path.endsWith("/results")) return "/v1/messages/batches/{id}/results";
            if (path.endsWith("/cancel")) return "/v1/messages/batches/{id}/cancel";
            return "/v1/messages/batches/{id}";
        }
        return null;
    }

    /** Whether the path exists (for 405 versus 404). */
    static boolean knownPath(String path) { return PATHS.contains(path); }
}
