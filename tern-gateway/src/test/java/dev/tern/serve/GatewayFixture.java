package dev.tern.serve;

import dev.tern.json.Json;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/** A simulator and a gateway on loopback over a temporary workspace, and an HTTP client to talk to it. */
final class GatewayFixture implements AutoCloseable {

    static final String SCENARIOS = """
            [{"name": "files", "match": {"userContains": "read the notes"}, "steps": [
               {"text": "Let me look.", "toolCalls": [{"name": "read_file", "arguments": {"path": "notes.txt"}}]},
               {"text": "notes say: {{toolResult:read_file}}"}]},
             {"name": "weather", "match": {"userContains": "weather"}, "steps": [
               {"toolCalls": [{"name": "get_weather", "arguments": {"city": "Paris"}}]},
               {"text": "Paris: {{toolResult:get_weather}}"}]},
             {"name": "mixed", "match": {"userContains": "both"}, "steps": [
               {"toolCalls": [{"name": "list_dir", "arguments": {"path": "."}}, {"name": "get_time", "arguments": {"tz": "CET"}}]},
               {"text": "time {{toolResult:get_time}}, files listed"}]},
             {"name": "memory", "match": {"userContains": "recall memory"}, "steps": [
               {"toolCalls": [{"name": "read_file", "arguments": {"path": "memory/MEMORY.md"}}]},
               {"text": "memory: {{toolResult:read_file}}"}]},
             {"name": "peek", "match": {"userContains": "peek at alice"}, "steps": [
               {"toolCalls": [{"name": "read_file", "arguments": {"path": "../alice/memory/MEMORY.md"}}]},
               {"text": "peeked: {{toolResult:read_file}}"}]},
             {"name": "slow", "match": {"userContains": "slowly"}, "latency": {"ttftMs": 1500, "tokenMs": 5}, "steps": [{"text": "finally done"}]},
             {"name": "drip", "match": {"userContains": "drip by drip"}, "latency": {"ttftMs": 0, "tokenMs": 1000}, "steps": [{"text":
               "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one twenty-two twenty-three twenty-four twenty-five twenty-six twenty-seven twenty-eight twenty-nine thirty"}]},
             {"name": "stall", "match": {"userContains": "think for long"}, "latency": {"ttftMs": 60000, "tokenMs": 1}, "steps": [{"text": "too late"}]}]
            """;

    final SimServer sim;
    final Path workspace;
    final Path config;
    final Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    GatewayFixture(Path workspace, String configJson, Map<String, String> extraEnv, UnaryOperator<ServeConfig> tune) throws IOException {
        Path scenarios = Files.createTempFile("tern-gateway-scenarios", ".json");
        Files.writeString(scenarios, SCENARIOS);
        this.sim = SimServer.start(SimConfig.builder().latency(0, 0).scenarios(Scenario.loadAll(scenarios)).build());
        Files.delete(scenarios);
        this.workspace = workspace;
        Files.writeString(workspace.resolve("notes.txt"), "buy milk");
        this.config = workspace.resolve("config.json");
        Files.writeString(config, configJson);
        Map<String, String> env = new HashMap<>(Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "test"));
        env.putAll(extraEnv);
        try {
            this.gateway = Gateway.start(new Gateway.Options(workspace, config, "127.0.0.1", 0, env, java.util.List.of(), true, tune));
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    GatewayFixture(Path workspace) throws IOException { this(workspace, "{}", Map.of(), null); }

    String url(String path) { return gateway.baseUrl() + path; }

    HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).DELETE();
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) { return Json.parse(r.body()); }

    static String chat(String user) {
        return "{\"model\": \"tern\", \"messages\": [{\"role\": \"user\", \"content\": " + Json.write(user) + "}]}";
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            sim.close();
        }
    }
}
