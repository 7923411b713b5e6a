package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.batch.BatchPolling;
import dev.tern.json.Json;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** {@code tern batch submit / status / results} against the simulator's batch APIs. */
class BatchCommandTest {

    @TempDir Path ws;
    SimServer sim;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
    }

    record Out(int code, String stdout, String stderr) { }

    Out batch(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        BatchCommand cmd = new BatchCommand();
        cmd.env = env;
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        cmd.polling = new BatchPolling(Duration.ofMillis(40), Duration.ofMillis(200), 1.5);
        int code = new CommandLine(cmd).execute(args);
        return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Path input(String model) throws Exception {
        StringBuilder b = new StringBuilder();
        for (String id : List.of("zeta", "alpha", "mid-fail")) {
            b.append(Json.write(Map.of("custom_id", id, "method", "POST", "url", "/v1/chat/completions", "body",
                    Map.of("model", model, "max_tokens", 64, "messages", List.of(Map.of("role", "user", "content", "question " + id))))))
                    .append('\n');
        }
        Path f = ws.resolve("requests.jsonl");
        Files.writeString(f, b.toString());
        Files.writeString(ws.resolve("config.json"), "{}");
        return f;
    }

    void checkRoundTrip(Map<String, String> env, String model, String idPrefix) throws Exception {
        Path file = input(model);
        String[] common = {"--workspace", ws.toString(), "--config", ws.resolve("config.json").toString()};

        Out submitted = batch(env, concat(new String[] {"submit", file.toString()}, common));
        assertThat(submitted.code()).as(submitted.stderr()).isZero();
        String id = submitted.stdout().strip();
        assertThat(id).startsWith(idPrefix);
        assertThat(submitted.stderr()).contains("submitted 3 requests");

        Out status = batch(env, concat(new String[] {"status", id}, common));
        assertThat(status.stdout()).startsWith(id + ": ").contains("of 3 done");

        Out results = batch(env, concat(new String[] {"results", id, "--wait"}, common));
        assertThat(results.code()).as(results.stderr()).isZero();
        List<JsonNode> lines = results.stdout().lines().map(Json::parse).toList();
        assertThat(lines).extracting(n -> n.get("custom_id").asString()).containsExactly("zeta", "alpha", "mid-fail"); // input order
        assertThat(lines.get(0).get("status").asString()).isEqualTo("succeeded");
        assertThat(lines.get(0).get("text").asString()).contains("question zeta");
        assertThat(lines.get(0).get("usage").get("input_tokens").asLong()).isPositive();
        assertThat(lines.get(0).get("cost_usd").asDouble()).isPositive();
        assertThat(lines.get(2).get("status").asString()).isEqualTo("errored");
        assertThat(lines.get(2).get("error").asString()).contains("Simulated failure");
        assertThat(results.stderr()).contains("3 results: 2 succeeded, 1 errored").contains("at the batch price");
    }

    @Test
    void openAiBatchRoundTrip() throws Exception {
        sim = SimServer.start(SimConfig.builder().batchProcessing(Duration.ofMillis(300)).batchFailures("-fail$").build());
        checkRoundTrip(CliRun.simEnv(sim.baseUrl()), "gpt-4o-mini", "batch_");
    }

    @Test
    void theSameFileGoesToAnthropicForClaudeModels() throws Exception {
        sim = SimServer.start(SimConfig.builder().batchProcessing(Duration.ofMillis(300)).batchFailures("-fail$").build());
        checkRoundTrip(Map.of("ANTHROPIC_BASE_URL", sim.baseUrl(), "ANTHROPIC_API_KEY", "k"), "claude-sonnet-4-5", "msgbatch_");
    }

    @Test
    void resultsBeforeTheEndAndBadInputAreClearErrors() throws Exception {
        sim = SimServer.start(SimConfig.builder().batchProcessing(Duration.ofSeconds(30)).build());
        Map<String, String> env = CliRun.simEnv(sim.baseUrl());
        Path file = input("gpt-4o-mini");
        String id = batch(env, "submit", file.toString(), "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString())
                .stdout().strip();
        Out early = batch(env, "results", id, "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString());
        assertThat(early.code()).isEqualTo(1);
        assertThat(early.stderr()).contains("has not ended yet").contains("--wait");

        Files.writeString(file, "{\"custom_id\": \"a\", \"body\": {\"model\": \"m\", \"messages\": []}}\n");
        Out bad = batch(env, "submit", file.toString(), "--workspace", ws.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.stderr()).contains("requests.jsonl: line 1: body.messages must be a non-empty array");
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
