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
 * The session's disk fails in the middle of a run: the run stops with a clear error and a non-zero exit
 * instead of answering while the conversation is silently lost. Linux refuses to remount a file system
 * read-only while a file on it is open for writing (the session log is), so the disk fails the way
 * disks do under an open file: it fills up (ENOSPC), exactly as a read-only remount would fail the next
 * write (EROFS) on the same code path. Needs permission to mount a tmpfs (root on Linux, as in CI);
 * skipped otherwise.
 */
class SessionDiskFailureTest {

    static final String SCRIPT = """
            {"name": "work", "steps": [
              {"toolCalls": [{"name": "exec", "arguments": {"command": "sleep 2; head -c 12000 /dev/zero | tr '\\\\0' x"}}]},
              {"text": "all done"}]}""";

    @TempDir Path ws;
    SimServer sim;
    Path sessions;
    boolean mounted;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(SCRIPT)).build());
        Files.writeString(ws.resolve("config.json"), "{}");
        sessions = Files.createDirectories(ws.resolve("sessions"));
        mounted = sh("mount -t tmpfs -o size=4m tmpfs " + sessions) == 0;
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (needs root on Linux)");
    }

    @AfterEach
    void stop() throws Exception {
        sim.close();
        if (mounted) sh("umount -l " + sessions);
    }

    private static int sh(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Test
    void aSessionThatCannotBeSavedStopsTheRunWithAClearError() {
        Path log = sessions.resolve("s1.jsonl");
        CompletableFuture<Integer> fill = CompletableFuture.supplyAsync(() -> {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> Files.exists(log) && Files.readString(log).contains("tool_started"));
            try {
                sh("dd if=/dev/zero of=" + sessions.resolve("filler") + " bs=64k");  // until the disk is full
                return sh("test \"$(df --output=avail " + sessions + " | tail -1 | tr -d ' ')\" -eq 0");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CliRun r = CliRun.run(CliRun.simEnv(sim.baseUrl()), "--workspace", ws.toString(), "--config",
                ws.resolve("config.json").toString(), "--model", "sim:work", "--session", "s1",
                "--permission-mode", "bypassPermissions", "-q", "work");
        assertThat(fill.join()).as("the disk is full").isZero();

        assertThat(r.code()).as(r.stderr()).isNotZero();
        assertThat(r.stdout()).doesNotContain("all done");
        assertThat(r.stderr()).contains("cannot save session 's1'").contains("No space left on device");
    }
}
