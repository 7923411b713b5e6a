package dev.tern.channels.discord;

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
        post("/channels/" + channelId + "/messages", Json.write(body), "create message");
    }

    void typing(String channelId) throws DiscordApiException, IOException, InterruptedException {
        post("/channels/" + channelId + "/typing", "", "typing");
    }

    private void post(String path, String json, String call) throws DiscordApiException, IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", "Bot " + token)
                .header("User-Agent", "DiscordBot (https://github.com/tern, 1) Tern");
        if (!json.isEmpty()) b.header("Content-Type", "application/json");
        HttpResponse<String> res = http.send(b.POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = res.statusCode();
        if (status / 100 == 2) return;
        JsonNode err;
        try {
            err = res.body().isBlank() ? Json.object() : Json.parse(res.body());
        } catch (JacksonException e) {
            err = Json.object();
        }
        Double after = null;
        if (status == 429) {
            after = err.hasNonNull("retry_after") ? err.get("retry_after").asDouble()
                    : res.headers().firstValue("Retry-After").map(DiscordRest::seconds).orElse(null);
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
