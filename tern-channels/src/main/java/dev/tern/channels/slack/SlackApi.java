package dev.tern.channels.slack;

import dev.tern.channels.JsonHttp;
import dev.tern.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
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
        JsonHttp.Reply res = JsonHttp.send(http, "POST", URI.create(base + "/" + method), TIMEOUT, body, "Authorization", "Bearer " + token);
        if (res.status() == 429) {
            String after = res.header("Retry-After");
            throw new SlackApiException(method, "ratelimited", 429, after == null ? null : seconds(after));
        }
        if (!res.parsed()) throw new SlackApiException(method, "not JSON: " + abbreviate(res.body()), res.status(), null);
        JsonNode r = res.json();
        if (res.status() != 200 || !r.path("ok").asBoolean(false)) {
            throw new SlackApiException(method, r.path("error").asString("HTTP " + res.status()), res.status(), null);
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
