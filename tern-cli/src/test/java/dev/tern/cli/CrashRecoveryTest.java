package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code tern run} process is killed with SIGKILL after the model's tool calls were written
 * and before their results: the next {@code tern run --session} of that session continues without a
 * provider error, on both wire formats (the simulator rejects tool calls left without results exactly
 * as OpenAI and Anthropic do).
 */
class CrashRecoveryTest {

    static final String CRASH = """
            {"name": "crash", "steps": [
              {"toolCalls": [{"name": "exec", "arguments": {"command": "sleep 600"}},
                             {"name": "read_file", "arguments": {"path": "notes.txt"}}]},
              {"text": "unreachable"}]}""";

    static final String RESUME = """
            {"name": "resume", "steps": [{"text": "resumed after {{toolResults}}"}]}""";

    @TempDir Path ws;
    SimServer sim;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(CRASH)).scenario(Scenario.parse(RESUME)).build());
        Files.writeString(ws.resolve("config.json"), "{}");
        Files.writeString(ws.resolve("notes.txt"), "some notes");
    }

    @AfterEach
    void stop() { sim.close(); }

    private Map<String, String> env(String wire) {
        return wire.equals("anthropic")
                ? Map.of("ANTHROPIC_BASE_URL", sim.baseUrl(), "ANTHROPIC_API_KEY", "test")
                : CliRun.simEnv(sim.baseUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void aSessionKilledBetweenToolCallsAndResultsContinues(String wire) throws Exception {
        Path log = ws.resolve("sessions/crash-" + wire + ".jsonl");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.tern.cli.Main", "run", "--workspace", ws.toString(),
                "--config", ws.resolve("config.json").toString(), "--model", "sim:crash", "--session", "crash-" + wire,
                "--permission-mode", "bypassPermissions", "-q", "do two things"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ws.resolve("child-" + wire + ".log").toFile());
        Map<String, String> e = new HashMap<>(pb.environment());
        e.keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("ANTHROPIC_"));
        e.putAll(env(wire));
        pb.environment().clear();
        pb.environment().putAll(e);
        Process child = pb.start();
        try {
            // the answer with two tool calls, and the journal line saying they started, are on disk
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Files.exists(log) && Files.readString(log).contains("\"_type\":\"tool_started\""));
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            assertThat(child.waitFor(Duration.ofSeconds(20).toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
            child.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        assertThat(Files.readString(log)).doesNotContain("\"role\":\"tool\"");

        CliRun next = CliRun.run(env(wire), "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "--model", "sim:resume", "--session", "crash-" + wire, "-q", "what happened?");

        assertThat(next.code()).as(next.stderr()).isZero();
        assertThat(next.stdout()).contains("resumed after");
        assertThat(sim.stats().byStatus()).as("no request was rejected").doesNotContainKey(400);
        // the provider saw both dangling calls answered as interrupted, before the new question
        var last = sim.requests().getLast();
        assertThat(last.text()).contains("interrupted").contains("what happened?");
    }
}
