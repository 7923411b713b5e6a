package dev.tern.channels.telegram;

import dev.tern.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The subset of the Telegram Bot API the channel uses: {@code getUpdates} (long polling with an offset),
 * {@code sendMessage} and {@code sendChatAction}; JSON bodies, the API's error shape mapped to
 * {@link TelegramApiException}. The token is in the URL path and never in a message.
 */
public final class TelegramApi {

    private final HttpClient http;
    private final String base;
    private final String token;

    /** @param apiBase e.g. {@code https://api.telegram.org} (no trailing slash) */
    public TelegramApi(HttpClient http, String apiBase, String token) {
        this.http = http;
        this.base = apiBase;
        this.token = token;
    }

    /**
     * Updates with {@code update_id >= offset} (which also confirms every earlier one to the server), waiting
     * up to {@code timeoutSeconds} for one to arrive.
     */
    public List<JsonNode> getUpdates(long offset, int timeoutSeconds) throws IOException, InterruptedException, TelegramApiException {
        ObjectNode body = Json.object();
        body.put("offset", offset);
        body.put("timeout", timeoutSeconds);
        body.putArray("allowed_updates").add("message");
        JsonNode result = call("getUpdates", body, Duration.ofSeconds(timeoutSeconds + 15L));
        List<JsonNode> out = new ArrayList<>();
        if (result != null && result.isArray()) result.forEach(out::add);
        return out;
    }

    /** Sends a text message; returns the sent Message. */
    public JsonNode sendMessage(ObjectNode body) throws IOException, InterruptedException, TelegramApiException {
        return call("sendMessage", body, Duration.ofSeconds(30));
    }

    public void sendChatAction(String chatId, String action, String threadId) throws IOException, InterruptedException, TelegramApiException {
        ObjectNode body = Json.object();
        putChatId(body, chatId);
        body.put("action", action);
        if (threadId != null) body.put("message_thread_id", Long.parseLong(threadId));
        call("sendChatAction", body, Duration.ofSeconds(15));
    }

    /** chat ids are numbers; an {@code @channelusername} stays a string. */
    static void putChatId(ObjectNode body, String chatId) {
        if (chatId.matches("-?\\d{1,19}")) body.put("chat_id", Long.parseLong(chatId));
        else body.put("chat_id", chatId);
    }

    private JsonNode call(String method, ObjectNode body, Duration timeout) throws IOException, InterruptedException, TelegramApiException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/bot" + token + "/" + method))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = Json.parse(resp.body());
        } catch (JacksonException e) {
            if (resp.statusCode() >= 500 || resp.statusCode() == 429) throw new TelegramApiException(method, resp.statusCode(), "non-JSON answer", null);
            throw new IOException("telegram " + method + ": HTTP " + resp.statusCode() + " with a non-JSON body");
        }
        if (json.path("ok").asBoolean(false)) return json.get("result");
        int code = json.path("error_code").asInt(resp.statusCode());
        JsonNode retry = json.path("parameters").path("retry_after");
        throw new TelegramApiException(method, code, json.path("description").asString("(no description)"),
                retry.isNumber() ? retry.asInt() : null);
    }
}
