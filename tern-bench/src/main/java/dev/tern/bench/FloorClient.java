package dev.tern.bench;

import dev.tern.model.AssistantMessage;
import dev.tern.model.Message;
import dev.tern.model.SystemMessage;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.model.UserMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "floor": what a developer writes with no framework. The JDK {@link HttpClient} and Jackson, the history
 * kept as maps, the request body written by {@link ObjectMapper} on every call, the SSE stream read line by line with a
 * Jackson tree per chunk. It sends what Tern sends for the same request (model, messages, tools, stream with usage,
 * prompt cache key); {@link #run} is the whole agent loop (model call, tool calls, model call, ...) written the same way.
 *
 * <p>Why it is in the bench: measured beside Tern in the same run, interleaved, it is the yardstick the issue states
 * the CPU target against ("half the floor"); and as it does the same kind of work (100 KB of JSON out, SSE in), it
 * gauges this shared VM's drifting core speed far better than a hash loop. The ratio Tern / floor is the figure that
 * can be compared across runs made at different hours; absolute CPU per call moves with the machine.
 */
final class FloorClient implements AutoCloseable {

    /** What one model call answered: its text and its tool calls, in the wire shape ({@code id, type, function}). */
    record Reply(String text, List<Map<String, Object>> toolCalls) { }

    private final ObjectMapper mapper = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI uri;
    private final String apiKey;

    /**
     * @param baseUrl the OpenAI-compatible base URL, ending in {@code /v1}
     */
    FloorClient(String baseUrl, String apiKey) {
        this.uri = URI.create(baseUrl + "/chat/completions");
        this.apiKey = apiKey;
    }

    /** The request body Tern writes for these messages (as maps, see {@link #messages}) and tools. */
    static Map<String, Object> body(String model, List<Map<String, Object>> messages, List<Map<String, Object>> tools,
                                    String cacheKey, boolean stream) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", messages);
        if (!tools.isEmpty()) body.put("tools", tools);
        if (cacheKey != null) body.put("prompt_cache_key", cacheKey);
        if (stream) {
            body.put("stream", true);
            body.put("stream_options", Map.of("include_usage", true));
        }
        return body;
    }

    /** One model call: streamed (SSE) when the body says so, else one JSON answer. */
    Reply call(Map<String, Object> body) throws IOException, InterruptedException {
        boolean stream = Boolean.TRUE.equals(body.get("stream"));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", stream ? "text/event-stream" : "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body))).build();
        HttpResponse<InputStream> response = send(request);
        try (InputStream raw = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + ": " + new String(raw.readNBytes(300), StandardCharsets.UTF_8));
            }
            return stream ? streamed(raw) : whole(mapper.readTree(raw).path("choices").path(0).path("message"));
        }
    }

    /**
     * Sends, retrying twice on an error before any response (as the official OpenAI and Anthropic SDKs do): the JDK
     * client does not retry a POST on a kept-alive connection the server had closed ("HTTP/1.1 header parser received
     * no bytes"), which Tern's transport does, so without this the floor failed up to 115 of 30 000 calls per batch.
     */
    private HttpResponse<InputStream> send(HttpRequest request) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (java.net.http.HttpTimeoutException e) {
                throw e;
            } catch (IOException e) {
                if (attempt == 2) throw e;
            }
        }
    }

    /**
     * A whole agent run: the prompt, then model calls until one answers without tool calls, each tool call answered
     * by {@code tool} (arguments JSON in, result text out). Returns the final text.
     */
    String run(String model, String prompt, List<Map<String, Object>> tools, boolean stream,
               java.util.function.Function<String, String> tool) throws IOException, InterruptedException {
        List<Map<String, Object>> messages = new ArrayList<>();
        messages.add(Map.of("role", "user", "content", prompt));
        for (int turn = 0; turn < 10; turn++) {
            Reply reply = call(body(model, messages, tools, null, stream));
            if (reply.toolCalls().isEmpty()) return reply.text();
            Map<String, Object> assistant = new LinkedHashMap<>();
            assistant.put("role", "assistant");
            assistant.put("content", reply.text().isEmpty() ? null : reply.text());
            assistant.put("tool_calls", reply.toolCalls());
            messages.add(assistant);
            for (Map<String, Object> c : reply.toolCalls()) {
                @SuppressWarnings("unchecked") Map<String, Object> f = (Map<String, Object>) c.get("function");
                messages.add(Map.of("role", "tool", "tool_call_id", c.get("id"), "content", tool.apply((String) f.get("arguments"))));
            }
        }
        throw new IOException("no final answer after 10 model calls");
    }

    /** The bench's {@code lookup} tool written by hand: {@code {"id": n}} in, {@code id=n} out, as {@link FanoutBench.Lookup} answers. */
    String lookup(String argumentsJson) {
        return "id=" + mapper.readTree(argumentsJson).path("id").asInt();
    }

    private Reply whole(JsonNode message) {
        List<Map<String, Object>> calls = new ArrayList<>();
        for (JsonNode c : message.path("tool_calls")) {
            calls.add(call(c.path("id").asString(), c.path("function").path("name").asString(),
                    c.path("function").path("arguments").asString()));
        }
        JsonNode content = message.path("content");
        return new Reply(content.isString() ? content.asString() : "", calls);
    }

    private Reply streamed(InputStream raw) throws IOException {
        StringBuilder text = new StringBuilder();
        Map<Integer, String[]> calls = new java.util.TreeMap<>(); // index -> id, name, arguments so far
        BufferedReader in = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (!line.startsWith("data:")) continue;
            String data = line.substring(5).strip();
            if (data.equals("[DONE]")) break;
            for (JsonNode choice : mapper.readTree(data).path("choices")) {
                JsonNode delta = choice.path("delta");
                if (delta.path("content").isString()) text.append(delta.path("content").asString());
                for (JsonNode tc : delta.path("tool_calls")) {
                    String[] c = calls.computeIfAbsent(tc.path("index").asInt(), k -> new String[] {"", "", ""});
                    if (tc.path("id").isString()) c[0] = tc.path("id").asString();
                    if (tc.path("function").path("name").isString()) c[1] = tc.path("function").path("name").asString();
                    if (tc.path("function").path("arguments").isString()) c[2] += tc.path("function").path("arguments").asString();
                }
            }
        }
        return new Reply(text.toString(), calls.values().stream().map(c -> call(c[0], c[1], c[2])).toList());
    }

    private static Map<String, Object> call(String id, String name, String arguments) {
        return Map.of("id", id, "type", "function", "function", Map.of("name", name, "arguments", arguments));
    }

    /** The history as the maps an application without a framework keeps. */
    static List<Map<String, Object>> messages(List<Message> history) {
        List<Map<String, Object>> out = new ArrayList<>(history.size());
        for (Message m : history) {
            Map<String, Object> msg = new LinkedHashMap<>();
            switch (m) {
                case SystemMessage s -> { msg.put("role", "system"); msg.put("content", s.text()); }
                case UserMessage u -> { msg.put("role", "user"); msg.put("content", u.text()); }
                case AssistantMessage a -> {
                    msg.put("role", "assistant");
                    msg.put("content", a.text());
                    if (!a.toolCalls().isEmpty()) {
                        List<Map<String, Object>> calls = new ArrayList<>();
                        for (ToolCall c : a.toolCalls()) {
                            calls.add(Map.of("id", c.id(), "type", "function",
                                    "function", Map.of("name", c.name(), "arguments", c.argumentsJson())));
                        }
                        msg.put("tool_calls", calls);
                    }
                }
                case ToolResultMessage t -> {
                    msg.put("role", "tool");
                    msg.put("tool_call_id", t.toolCallId());
                    msg.put("content", t.content());
                }
            }
            out.add(msg);
        }
        return out;
    }

    /** The tool definitions in the Chat Completions shape. */
    List<Map<String, Object>> tools(List<ToolSpec> tools) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ToolSpec t : tools) {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", t.name());
            function.put("description", t.description());
            function.put("parameters", mapper.readValue(t.parametersJson(), Map.class));
            out.add(Map.of("type", "function", "function", function));
        }
        return out;
    }

    @Override
    public void close() { client.close(); }
}
