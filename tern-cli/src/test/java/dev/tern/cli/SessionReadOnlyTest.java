package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session directory becomes read-only in the middle of a run (issue 8): the run stops with a clear
 * error and a non-zero exit. Permission bits do not stop root (CI runs as root) and Linux refuses a
 * read-only remount while the session log is open for writing, so the directory and its files are made
 * immutable ({@code chattr +i}): the next write through the already-open log fails (EPERM), for root too.
 * Skipped where the file system has no immutable attribute.
 */
class SessionReadOnlyTest {

    static final String SCRIPT = """
            {"name": "work", "steps": [
              {"toolCalls": [{"name": "exec", "arguments": {"command": "sleep 2; echo done"}}]},
              {"text": "all done"}]}""";

    @TempDir Path ws;
    SimServer sim;
    Path sessions;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(SCRIPT)).build());
        Files.writeString(ws.resolve("config.json"), "{}");
        sessions = Files.createDirectories(ws.resolve("sessions"));
        Path probe = Files.writeString(ws.resolve("probe"), "x");
        boolean supported = sh("chattr +i " + probe) == 0;
        sh("chattr -i " + probe);
        Assumptions.assumeTrue(supported, "this file system has no immutable attribute (chattr +i)");
    }

    @AfterEach
    void stop() throws Exception {
        sim.close();
        sh("chattr -R -i " + sessions);
    }

    private static int sh(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Test
    void aSessionDirectoryThatBecomesReadOnlyStopsTheRunWithAClearError() {
        Path log = sessions.resolve("s1.jsonl");
        CompletableFuture<Integer> readOnly = CompletableFuture.supplyAsync(() -> {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> Files.exists(log) && Files.readString(log).contains("tool_started"));
            try {
                return sh("chattr -R +i " + sessions);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CliRun r = CliRun.run(CliRun.simEnv(sim.baseUrl()), "--workspace", ws.toString(), "--config",
                ws.resolve("config.json").toString(), "--model", "sim:work", "--session", "s1",
                "--permission-mode", "bypassPermissions", "-q", "work");
        assertThat(readOnly.join()).as("the session directory was made read-only").isZero();

        assertThat(r.code()).as(r.stderr()).isNotZero();
        assertThat(r.stdout()).doesNotContain("all done");
        assertThat(r.stderr()).contains("cannot save session 's1'").contains("Operation not permitted");
    }
}
