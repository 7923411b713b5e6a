package dev.tern.channels.matrix;

import dev.tern.channels.JsonHttp;
import dev.tern.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The client-server API calls the channel makes (v3), with {@code Authorization: Bearer <access token>}. */
final class MatrixApi {

    /** A first sync sees no history: only where the timeline ends now. */
    static final String NO_HISTORY = "{\"room\":{\"timeline\":{\"limit\":0},\"state\":{\"lazy_load_members\":true}}}";

    private final HttpClient http;
    private final String base;
    private final String token;

    MatrixApi(HttpClient http, String homeserver, String token) {
        this.http = http;
        this.base = homeserver + "/_matrix/client/v3";
        this.token = token;
    }

    /** The bot's own user id ({@code /account/whoami}). */
    String whoami() throws MatrixApiException, IOException, InterruptedException {
        return call("GET", "/account/whoami", null, "whoami", Duration.ofSeconds(30)).path("user_id").asString("");
    }

    /** One {@code /sync}, long-polling up to {@code timeoutSeconds}; {@code since} null for the first. */
    JsonNode sync(String since, int timeoutSeconds, String filter) throws MatrixApiException, IOException, InterruptedException {
        StringBuilder q = new StringBuilder("/sync?timeout=").append(timeoutSeconds * 1000L);
        if (since != null) q.append("&since=").append(enc(since));
        if (filter != null) q.append("&filter=").append(enc(filter));
        return call("GET", q.toString(), null, "sync", Duration.ofSeconds(timeoutSeconds + 30L));
    }

    void join(String roomId) throws MatrixApiException, IOException, InterruptedException {
        call("POST", "/join/" + enc(roomId), Json.object(), "join", Duration.ofSeconds(30));
    }

    /** Sends a message event; the same {@code txnId} again is the same event (the homeserver keeps one). */
    void send(String roomId, String txnId, ObjectNode content) throws MatrixApiException, IOException, InterruptedException {
        call("PUT", "/rooms/" + enc(roomId) + "/send/m.room.message/" + enc(txnId), content, "send", Duration.ofSeconds(30));
    }

    void typing(String roomId, String userId, int timeoutMs) throws MatrixApiException, IOException, InterruptedException {
        ObjectNode b = Json.object();
        b.put("typing", true);
        b.put("timeout", timeoutMs);
        call("PUT", "/rooms/" + enc(roomId) + "/typing/" + enc(userId), b, "typing", Duration.ofSeconds(30));
    }

    private JsonNode call(String method, String path, ObjectNode body, String name, Duration timeout)
            throws MatrixApiException, IOException, InterruptedException {
        JsonHttp.Reply res = JsonHttp.send(http, method, URI.create(base + path), timeout, body, "Authorization", "Bearer " + token);
        if (res.ok() && !res.parsed() && !res.body().isBlank()) {
            throw new MatrixApiException(name, res.status(), "M_NOT_JSON", "the reply is not JSON", null);
        }
        JsonNode r = res.json();
        if (res.ok()) return r;
        Long after = r.hasNonNull("retry_after_ms") ? r.get("retry_after_ms").asLong() : null;
        throw new MatrixApiException(name, res.status(), r.path("errcode").asString("M_UNKNOWN"), r.path("error").asString(""), after);
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }
}
