package dev.tern.channels.discord;

import dev.tern.channels.JsonHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The two REST calls the channel makes, with {@code Authorization: Bot <token>}: create a message, trigger typing. */
final class DiscordRest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String base;
    private final String token;

    DiscordRest(HttpClient http, String base, String token) {
        this.http = http;
        this.base = base;
        this.token = token;
    }

    HttpClient http() { return http; }

    void createMessage(String channelId, ObjectNode body) throws DiscordApiException, IOException, InterruptedException {
        post("/channels/" + channelId + "/messages", body, "create message");
    }

    void typing(String channelId) throws DiscordApiException, IOException, InterruptedException {
        post("/channels/" + channelId + "/typing", null, "typing");
    }

    private void post(String path, ObjectNode body, String call) throws DiscordApiException, IOException, InterruptedException {
        JsonHttp.Reply res = JsonHttp.send(http, "POST", URI.create(base + path), TIMEOUT, body,
                "Authorization", "Bot " + token, "User-Agent", "DiscordBot (https://github.com/tern, 1) Tern");
        int status = res.status();
        if (res.ok()) return;
        JsonNode err = res.json();
        Double after = null;
        if (status == 429) {
            String header = res.header("Retry-After");
            after = err.hasNonNull("retry_after") ? err.get("retry_after").asDouble() : header == null ? null : seconds(header);
        }
        String message = err.path("message").asString("");
        if (err.hasNonNull("code")) message = message + " (code " + err.get("code").asString() + ")";
        throw new DiscordApiException(call, status, message.isBlank() ? "no detail" : message.strip(), after);
    }

    private static Double seconds(String v) {
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
