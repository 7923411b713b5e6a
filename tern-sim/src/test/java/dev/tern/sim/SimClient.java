package dev.tern.sim;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Raw-JSON test client over the JDK HttpClient (no Tern provider code involved). */
final class SimClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final String base;

    SimClient(SimServer server) {
        this.base = server.baseUrl();
    }

    /** A parsed SSE event. */
    record Event(String name, String data) {
        JsonNode json() { return JSON.readTree(data); }
    }

    HttpResponse<String> openAi(String body, String... headers) throws IOException, InterruptedException {
        return post("/v1/chat/completions", body, headers);
    }

    HttpResponse<String> anthropic(String body, String... headers) throws IOException, InterruptedException {
        String[] all = new String[headers.length + 2];
        all[0] = "anthropic-version";
        all[1] = "2023-06-01";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return post("/v1/messages", body, all);
    }

    HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request without a body (DELETE, ...). */
    HttpResponse<String> send(String method, String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** JSONL lines (batch results) by their {@code custom_id}, sorted. */
    static java.util.Map<String, JsonNode> jsonlByCustomId(String text) {
        java.util.Map<String, JsonNode> byId = new java.util.TreeMap<>();
        for (String l : text.split("\n")) if (!l.isBlank()) {
            JsonNode n = JSON.readTree(l);
            byId.put(n.get("custom_id").stringValue(), n);
        }
        return byId;
    }

    static JsonNode json(HttpResponse<String> r) { return JSON.readTree(r.body()); }

    /** Parses an SSE body into events (name null for plain data events). */
    static List<Event> events(String body) {
        List<Event> out = new ArrayList<>();
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String line : body.split("\n", -1)) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) out.add(new Event(name, data.toString()));
                name = null;
                data.setLength(0);
            } else if (line.startsWith("event: ")) name = line.substring(7);
            else if (line.startsWith("data: ")) {
                if (!data.isEmpty()) data.append('\n');
                data.append(line.substring(6));
            }
        }
        return out;
    }

    // ---- request builders --------------------------------------------------------------------

    static ObjectNode openAiRequest(String model, String userText) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.putArray("messages").addObject().put("role", "user").put("content", userText);
        return root;
    }

    static ObjectNode anthropicRequest(String model, String userText) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.put("max_tokens", 1024);
        root.putArray("messages").addObject().put("role", "user").put("content", userText);
        return root;
    }

    /** Appends the assistant message of an OpenAI response, then one tool message per call with {@code results}. */
    static void appendOpenAiTurn(ObjectNode request, JsonNode assistantMessage, List<String> results) {
        ArrayNode messages = (ArrayNode) request.get("messages");
        messages.add(assistantMessage);
        JsonNode calls = assistantMessage.get("tool_calls");
        for (int i = 0; calls != null && i < calls.size(); i++)
            messages.addObject().put("role", "tool").put("tool_call_id", calls.get(i).get("id").stringValue())
                    .put("content", results.get(i));
    }

    /** Appends the assistant content of an Anthropic response, then a user message with tool_results. */
    static void appendAnthropicTurn(ObjectNode request, JsonNode content, List<String> results) {
        ArrayNode messages = (ArrayNode) request.get("messages");
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        assistant.set("content", content);
        ArrayNode resultBlocks = JSON.createArrayNode();
        int k = 0;
        for (JsonNode b : content) {
            if (!"tool_use".equals(b.path("type").asString(""))) continue;
            resultBlocks.addObject().put("type", "tool_result").put("tool_use_id", b.get("id").stringValue())
                    .put("content", results.get(k++));
        }
        if (!resultBlocks.isEmpty()) messages.addObject().put("role", "user").set("content", resultBlocks);
    }
}
