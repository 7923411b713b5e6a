package dev.tern.channels.dingtalk;

import dev.tern.channels.JsonHttp;
import dev.tern.channels.SendException;
import dev.tern.json.Json;
import dev.tern.workspace.fs.AtomicFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the bot writes first, when no reply window is open (a cron job's answer, an answer that came after the window
 * closed): the robot OpenAPI with an app access token, {@code groupMessages/send} to a group's conversation and
 * {@code oToMessages/batchSend} to the person of a direct conversation, as {@code sampleMarkdown}. It needs to know what
 * a conversation is, so the conversations the bot has seen are kept in the state folder ({@code dingtalk.conversations}).
 */
final class DingTalkOpenApi {

    /** What a conversation is: a group, or a direct conversation with one person. */
    record Conversation(boolean group, String staffId) { }

    private final HttpClient http;
    private final String base;
    private final String clientId;
    private final String clientSecret;
    private final String robotCode;
    private final Clock clock;
    private final Path file;
    private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();
    private String token;
    private long tokenExpiresAt;

    DingTalkOpenApi(HttpClient http, String base, String clientId, String clientSecret, String robotCode, Clock clock, Path stateDir) {
        this.http = http;
        this.base = base;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.robotCode = robotCode;
        this.clock = clock;
        this.file = stateDir == null ? null : stateDir.resolve("dingtalk.conversations");
    }

    /**
     * Remembers what a conversation is (from its messages); kept across restarts.
     *
     * @throws IOException when it cannot be saved (the bot could not write first to it after a restart)
     */
    void seen(String conversationId, Conversation c) throws IOException {
        if (c.equals(conversations.put(conversationId, c)) || file == null) return;
        ObjectNode all = Json.object();
        conversations.forEach((id, v) -> all.putObject(id).put("group", v.group()).put("staffId", v.staffId()));
        AtomicFiles.write(file, Json.write(all));
    }

    Path file() { return file; }

    /** Sends {@code title} and Markdown {@code text} to the conversation, writing first. */
    void send(String conversationId, String title, String text) throws SendException {
        Conversation c = conversations.get(conversationId);
        if (c == null) {
            throw SendException.permanent("dingtalk: conversation " + conversationId + " is unknown: the bot writes first only to"
                    + " a group or a person that wrote to it before", null);
        }
        ObjectNode body = Json.object();
        body.put("robotCode", robotCode);
        body.put("msgKey", "sampleMarkdown");
        ObjectNode param = Json.object();
        param.put("title", title);
        param.put("text", text);
        body.put("msgParam", Json.write(param));
        String path;
        if (c.group()) {
            path = "/v1.0/robot/groupMessages/send";
            body.put("openConversationId", conversationId);
        } else {
            path = "/v1.0/robot/oToMessages/batchSend";
            body.putArray("userIds").add(c.staffId());
        }
        try {
            JsonNode r = post(path, body, token());
            if (r == null) throw SendException.transientFailure("dingtalk " + path + ": rate limited", null, null);
        } catch (IOException | InterruptedException e) {
            throw SendException.unanswered("dingtalk " + path, e);
        }
    }

    /** The app access token, fetched again 5 minutes before it expires. */
    private synchronized String token() throws SendException, IOException, InterruptedException {
        if (token != null && clock.millis() < tokenExpiresAt - 300_000) return token;
        ObjectNode body = Json.object();
        body.put("appKey", clientId);
        body.put("appSecret", clientSecret);
        JsonNode r = post("/v1.0/oauth2/accessToken", body, null);
        if (r == null || !r.hasNonNull("accessToken")) throw SendException.transientFailure("dingtalk: no access token in the reply", null, null);
        token = r.get("accessToken").asString();
        tokenExpiresAt = clock.millis() + r.path("expireIn").asLong(7200) * 1000;
        return token;
    }

    /** The reply, or null for a rate limit; a refusal is a permanent send failure. */
    private JsonNode post(String path, ObjectNode body, String accessToken) throws SendException, IOException, InterruptedException {
        JsonHttp.Reply res = accessToken == null
                ? JsonHttp.send(http, "POST", URI.create(base + path), Duration.ofSeconds(30), body)
                : JsonHttp.send(http, "POST", URI.create(base + path), Duration.ofSeconds(30), body, "x-acs-dingtalk-access-token", accessToken);
        if (res.status() == 200) return res.json();
        if (res.status() == 429 || res.status() >= 500) return null;
        throw SendException.permanent("dingtalk " + path + ": HTTP " + res.status() + " " + res.json().path("code").asString("") + " "
                + res.json().path("message").asString(""), null);
    }

    /** Reads the conversations seen before. @throws IOException when the file cannot be read or is not JSON */
    void load() throws IOException {
        if (file == null || !Files.isRegularFile(file)) return;
        try {
            JsonNode all = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            for (Map.Entry<String, JsonNode> e : all.properties()) {
                conversations.put(e.getKey(), new Conversation(e.getValue().path("group").asBoolean(false), e.getValue().path("staffId").asString("")));
            }
        } catch (JacksonException e) {
            throw new IOException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
