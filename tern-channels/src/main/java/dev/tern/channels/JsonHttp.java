package dev.tern.channels;

import dev.tern.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** One JSON call of a chat platform's web API on the JDK client: the body written, the reply read as JSON. */
public final class JsonHttp {

    private JsonHttp() { }

    /**
     * A reply.
     *
     * @param body   the body as it came
     * @param json   the body as JSON; an empty object when it was empty or not JSON
     * @param parsed whether the body was JSON
     */
    public record Reply(int status, String body, JsonNode json, boolean parsed, HttpHeaders headers) {

        public boolean ok() { return status / 100 == 2; }

        /** A header's value, or null. */
        public String header(String name) { return headers.firstValue(name).orElse(null); }
    }

    /**
     * Sends {@code body} as JSON (no body when it is null).
     *
     * @param headers name, value, name, value ...
     */
    public static Reply send(HttpClient http, String method, URI uri, Duration timeout, ObjectNode body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json; charset=utf-8");
            b.method(method, HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        }
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String text = res.body();
        JsonNode json = null;
        if (text != null && !text.isBlank()) {
            try {
                json = Json.parse(text);
            } catch (JacksonException e) {
                json = null;
            }
        }
        return new Reply(res.statusCode(), text == null ? "" : text, json == null ? Json.object() : json, json != null, res.headers());
    }
}
