package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tern run} end to end: the CLI, the real tools and provider, the simulator on loopback. */
class RunCommandTest {

    static final String TASK = """
            {"name": "task", "steps": [
              {"toolCalls": [{"name": "read_file", "arguments": {"path": "in.txt"}},
                             {"name": "list_dir", "arguments": {"path": "."}}]},
              {"toolCalls": [{"name": "write_file", "arguments": {"path": "out.txt", "content": "copied"}}]},
              {"text": "done; I read: {{toolResult:read_file}}"}]}""";

    static final String RATE_LIMITED = """
            {"name": "limited", "steps": [
              {"text": "after the wait", "fault": {"type": "status", "status": 429, "retryAfter": "1", "times": 1}}]}""";

    static final String LOOPING = """
            {"name": "looping", "steps": [
              {"toolCalls": [{"name": "list_dir", "arguments": {"path": "."}}]},
              {"toolCalls": [{"name": "list_dir", "arguments": {"path": "."}}]},
              {"toolCalls": [{"name": "list_dir", "arguments": {"path": "."}}]},
              {"toolCalls": [{"name": "list_dir", "arguments": {"path": "."}}]},
              {"text": "never reached with --max-iterations 3"}]}""";

    @TempDir Path ws;
    SimServer sim;
    CliRun last;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(TASK)).scenario(Scenario.parse(RATE_LIMITED))
                .scenario(Scenario.parse(LOOPING)).build());
        Files.writeString(ws.resolve("in.txt"), "the input");
        Files.writeString(ws.resolve("config.json"), "{}");
    }

    @AfterEach
    void stop() { sim.close(); }

    int run(Map<String, String> env, String... args) {
        last = CliRun.run(env, args);
        return last.code();
    }

    Map<String, String> simEnv() { return CliRun.simEnv(sim.baseUrl()); }

    String stdout() { return last.stdout(); }

    String stderr() { return last.stderr(); }

    @Test
    void completesAMultiStepToolTask() throws Exception {
        int code = run(simEnv(), "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "--model", "sim:task", "--permission-mode", "acceptEdits", "copy the file");

        assertThat(code).as(stderr()).isZero();
        assertThat(stdout().strip()).isEqualTo("done; I read: the input");
        assertThat(Files.readString(ws.resolve("out.txt"))).isEqualTo("copied");
        assertThat(stderr()).contains("read_file").contains("write_file").contains("model answered");
        // the conversation was persisted, one JSONL line per message: user, assistant, 2 results, assistant, 1 result, assistant
        Path sessions = ws.resolve("sessions");
        try (var files = Files.list(sessions)) {
            Path log = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
            assertThat(ChatLoopTest.messageLines(log)).hasSize(7);
        }
    }

    @Test
    void a429WithRetryAfterIsWaitedOutNotHammered() {
        long t0 = System.nanoTime();
        int code = run(simEnv(), "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "--model", "sim:limited", "hi");
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(code).as(stderr()).isZero();
        assertThat(stdout().strip()).isEqualTo("after the wait");
        assertThat(sim.stats().byStatus()).containsEntry(429, 1L);
        // one refused call and its one retry (the model list, asked once for the unknown model's window, is a GET)
        assertThat(sim.stats().byEndpoint()).containsEntry("POST /v1/chat/completions", 2L);
        assertThat(ms).as("waited for Retry-After: 1").isGreaterThanOrEqualTo(900);
        assertThat(stderr()).contains("retrying");
    }

    @Test
    void writesAreDeniedWithoutAPrompterInDefaultMode() throws Exception {
        int code = run(simEnv(), "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "--model", "sim:task", "copy the file");

        assertThat(code).isZero();
        assertThat(Files.exists(ws.resolve("out.txt"))).isFalse();
        assertThat(stderr()).contains("write_file").contains("denied");
    }

    @Test
    void noProviderIsAOneLineSetupError() {
        int code = run(Map.of(), "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(), "hi");

        assertThat(code).isEqualTo(RunCommand.SETUP);
        assertThat(stderr().strip()).startsWith("tern: no model provider configured").doesNotContain("\n");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void aMalformedConfigIsAClearSetupError() throws Exception {
        Files.writeString(ws.resolve("config.json"), "{\"agents\": {\"defaults\": {\"model\": }}}");
        int code = run(simEnv(), "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(), "hi");

        assertThat(code).isEqualTo(RunCommand.SETUP);
        assertThat(stderr().strip()).contains("config.json:1:35").contains("invalid JSON").doesNotContain("\n");
    }

    @Test
    void aTokenBudgetFromTheConfigStopsTheRunBeforeTheCallIsSent() throws Exception {
        Files.writeString(ws.resolve("config.json"), "{\"budget\": {\"maxTokensPerRun\": 50}}");
        int code = run(simEnv(), "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "--model", "sim:task", "copy the file");

        assertThat(code).isEqualTo(RunCommand.LIMIT);
        assertThat(stderr()).contains("run budget exceeded").contains("50 allowed");
        assertThat(sim.stats().byEndpoint()).doesNotContainKey("POST /v1/chat/completions");
    }

    @Test
    void theIterationLimitStopsTheRunWithItsOwnExitCode() {
        int code = run(simEnv(), "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "--model", "sim:looping", "--max-iterations", "3", "loop");

        assertThat(code).isEqualTo(RunCommand.LIMIT);
        assertThat(stderr()).contains("maxIterations=3");
    }
}
