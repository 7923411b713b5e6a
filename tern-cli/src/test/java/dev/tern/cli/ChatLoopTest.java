package dev.tern.cli;

import dev.tern.runtime.RuntimeOptions;
import dev.tern.runtime.WorkspaceRuntime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REPL: built-in commands are answered locally with real counters, and never reach the model. */
class ChatLoopTest {

    @TempDir Path ws;

    @Test
    void builtinCommandsNeverReachTheModelAndShowRealCounters() throws Exception {
        Files.writeString(ws.resolve("config.json"), "{}");
        try (SimServer sim = SimServer.start(SimConfig.defaults())) {
            Map<String, String> env = Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "t");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            ArrayDeque<String> input = new ArrayDeque<>(List.of("/perf", "/cache", "/foo", "hello there", "/perf", "/tools",
                    "/mode plan", "/status", "/q", "never read"));
            try (WorkspaceRuntime tern = WorkspaceRuntime.open(new RuntimeOptions(ws, ws.resolve("config.json"), null, null, null, null, null, env))) {
                new ChatLoop(tern, "cli:test", out, false).run(prompt -> input.poll());
            }
            String text = bytes.toString(StandardCharsets.UTF_8);

            assertThat(sim.stats().byEndpoint()).containsEntry("POST /v1/chat/completions", 1L);
            assertThat(text).contains("No model or tool activity yet");
            assertThat(text).contains("No cacheable tool calls yet");
            assertThat(text).contains("unknown command /foo (not sent to the model)");
            assertThat(text).contains("echo: hello there");
            assertThat(text).contains("model calls        1 (errors 0, retries 0)");
            assertThat(text).contains("read_file").contains("read-only");
            assertThat(text).contains("permission mode: plan").contains("permissions  plan");
            assertThat(input).containsExactly("never read");
            assertThat(messageLines(ws.resolve("sessions/cli_test.jsonl"))).hasSize(2);
        }
    }

    @Test
    void cancellingATurnStopsItAndKeepsTheChatAlive() throws Exception {
        Files.writeString(ws.resolve("config.json"), "{}");
        String slow = "{\"name\": \"slow\", \"latency\": {\"ttftMs\": 20000}, \"steps\": [{\"text\": \"too late\"}]}";
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(dev.tern.sim.Scenario.parse(slow)).build())) {
            Map<String, String> env = Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "t");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            try (WorkspaceRuntime tern = WorkspaceRuntime.open(new RuntimeOptions(ws, ws.resolve("config.json"), "sim:slow", null, null, null, null, env))) {
                ChatLoop loop = new ChatLoop(tern, "cli:cancel", out, false);
                assertThat(loop.cancelTurn()).as("nothing to cancel at the prompt").isFalse();
                Thread canceller = Thread.ofVirtual().start(() -> {
                    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(loop::cancelTurn);
                });
                long t0 = System.nanoTime();
                loop.turn("take your time");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                canceller.join();

                assertThat(ms).as("cancelled long before the model's 20 s").isLessThan(10_000);
                String text = bytes.toString(StandardCharsets.UTF_8);
                assertThat(text).contains("[cancelled]").doesNotContain("too late");
                assertThat(loop.command("/status")).as("the chat goes on").isTrue();
                assertThat(messageLines(ws.resolve("sessions/cli_cancel.jsonl"))).as("the user turn was kept").hasSize(1);
            }
        }
    }

    /** The message lines of a session log (journal lines such as tool_started are not messages). */
    static java.util.List<String> messageLines(java.nio.file.Path log) throws java.io.IOException {
        return Files.readAllLines(log).stream().filter(l -> !l.contains("\"_type\"")).toList();
    }
}
