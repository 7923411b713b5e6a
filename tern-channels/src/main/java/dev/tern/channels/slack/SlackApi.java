package dev.tern.channels.slack;

import dev.tern.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Slack Web API methods the channel uses, as JSON POSTs with a bearer token: {@code auth.test} (who the bot is),
 * {@code apps.connections.open} (a Socket Mode URL, with the app-level token) and {@code chat.postMessage}. A reply is
 * {@code {"ok": true, ...}} or {@code {"ok": false, "error": "..."}}; a 429 carries {@code Retry-After}.
 */
final class SlackApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String base;
    private final String botToken;
    private final String appToken;

    SlackApi(HttpClient http, String base, String botToken, String appToken) {
        this.http = http;
        this.base = base;
        this.botToken = botToken;
        this.appToken = appToken;
    }

    HttpClient http() { return http; }

    /** The bot's own user id ({@code auth.test} with the bot token): its mentions, and its own messages to skip. */
    String botUserId() throws SlackApiException, IOException, InterruptedException {
        JsonNode r = call("auth.test", botToken, Json.object());
        String id = r.path("user_id").asString("");
        if (id.isEmpty()) throw new SlackApiException("auth.test", "no user_id in the reply", 200, null);
        return id;
    }

    /** A fresh Socket Mode WebSocket URL ({@code apps.connections.open} with the app-level token). */
    URI openConnection() throws SlackApiException, IOException, InterruptedException {
        JsonNode r = call("apps.connections.open", appToken, Json.object());
        String url = r.path("url").asString("");
        if (url.isEmpty()) throw new SlackApiException("apps.connections.open", "no url in the reply", 200, null);
        return URI.create(url);
    }

    void postMessage(ObjectNode body) throws SlackApiException, IOException, InterruptedException {
        call("chat.postMessage", botToken, body);
    }

    private JsonNode call(String method, String token, ObjectNode body) throws SlackApiException, IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/" + method)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8)).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (res.statusCode() == 429) {
            Long after = res.headers().firstValue("Retry-After").map(SlackApi::seconds).orElse(null);
            throw new SlackApiException(method, "ratelimited", 429, after);
        }
        JsonNode r;
        try {
            r = Json.parse(res.body());
        } catch (JacksonException e) {
            throw new SlackApiException(method, "not JSON: " + abbreviate(res.body()), res.statusCode(), null);
        }
        if (res.statusCode() != 200 || !r.path("ok").asBoolean(false)) {
            throw new SlackApiException(method, r.path("error").asString("HTTP " + res.statusCode()), res.statusCode(), null);
        }
        return r;
    }

    private static Long seconds(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ').strip();
        return one.length() <= 80 ? one : one.substring(0, 79) + "…";
    }
}
