package dev.tern.workspace.tools;

import dev.tern.json.JsonObject;

import static dev.tern.workspace.tools.Calls.q;
import static dev.tern.workspace.tools.Calls.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tern.run.AgentEvent;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.json.Json;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecToolTest {

    @TempDir Path ws;
    ExecTool exec;

    @BeforeEach
    void setUp() {
        exec = new ExecTool(new PathGuard(ws, true), Duration.ofSeconds(60), Duration.ofSeconds(120), 32 * 1024);
    }

    @Test
    void runsInTheWorkspaceMergingStdoutAndStderrInOrder() throws Exception {
        ToolResult r = run(exec, "{\"command\":\"pwd; echo one; echo two >&2; echo three; exit 3\"}");
        assertThat(r.error()).isFalse();
        assertThat(r.content()).startsWith(ws.toRealPath() + "\none\ntwo\nthree\n").contains("[exit code 3,");
        assertThat(exec.shell()).endsWith("bash");
    }

    @Test
    void workingDirIsResolvedInsideTheWorkspaceAndConfined() throws Exception {
        Files.createDirectories(ws.resolve("sub"));
        assertThat(run(exec, "{\"command\":\"pwd\",\"working_dir\":\"sub\"}").content()).startsWith(ws.toRealPath().resolve("sub") + "\n");
        ToolResult out = run(exec, "{\"command\":\"pwd\",\"working_dir\":\"..\"}");
        assertThat(out.error()).isTrue();
        assertThat(out.content()).contains("outside the workspace");
        assertThat(run(exec, "{\"command\":\"pwd\",\"working_dir\":\"nope\"}").content()).contains("working_dir not found");
    }

    @Test
    void refusedCommandsNeverRun() throws Exception {
        ToolResult r = run(exec, "{\"command\":\"touch marker; mkfs.tern-does-not-exist /dev/sdz\"}");
        assertThat(r.error()).isTrue();
        assertThat(r.content()).startsWith("refused");
        assertThat(ws.resolve("marker")).doesNotExist();
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws Exception {
        long start = System.nanoTime();
        ToolResult r = run(exec, "{\"command\":\"(sleep 3; echo late > late.txt) & sleep 30\",\"timeout\":1}");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.error()).isTrue();
        assertThat(r.content()).contains("timed out after 1 s").contains("killed");
        assertThat(ms).isLessThan(15_000);
        // the background child would write late.txt 3 s after it started: it must be dead by then
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> !Files.exists(ws.resolve("late.txt")));
    }

    @Test
    void largeOutputKeepsHeadAndTailWithAMarker() throws Exception {
        ExecTool small = new ExecTool(new PathGuard(ws, true), Duration.ofSeconds(60), Duration.ofSeconds(60), 1024);
        ToolResult r = run(small, "{\"command\":\"echo FIRST; seq 1 20000; echo LAST\"}");
        assertThat(r.content()).startsWith("FIRST\n").contains("bytes of output omitted").contains("LAST\n[exit code 0");
        assertThat(r.content().length()).isLessThan(1024 + 200);
    }

    @Test
    void timeoutArgumentIsCappedAndEmptyOutputIsSaid() throws Exception {
        assertThat(run(exec, "{\"command\":\"true\",\"timeout\":100000}").content()).startsWith("(no output)\n[exit code 0");
        assertThat(run(exec, "{\"command\":" + q("printf 'no newline'") + "}").content()).startsWith("no newline\n[exit code 0");
    }

    @Test
    void aLongCommandReportsProgressWithItsLatestOutput() throws Exception {
        ExecTool chatty = new ExecTool(new PathGuard(ws, true), Duration.ofSeconds(60), Duration.ofSeconds(60), 4096,
                Duration.ofMillis(100));
        List<AgentEvent.ToolProgress> progress = new CopyOnWriteArrayList<>();
        RunContext run = new RunContext("r", "a", null, ws, new Events("r", "a",
                List.of(e -> { if (e instanceof AgentEvent.ToolProgress p) progress.add(p); })), Instant.MAX, new ConcurrentHashMap<>());
        ToolResult r = chatty.execute(new ToolCallContext("c9", "exec", JsonObject.parse("{\"command\":\"echo step one; sleep 2; echo done\"}"), run));
        assertThat(r.content()).startsWith("step one\ndone\n");
        assertThat(progress).hasSizeGreaterThanOrEqualTo(2);
        // generous on a loaded machine: 2 s at 100 ms intervals, at least two reports, one of them after the first output
        assertThat(progress).allMatch(p -> p.message().startsWith("running "));
        assertThat(progress).anyMatch(p -> p.message().endsWith(": step one"));
        assertThat(progress.getLast().callId()).isEqualTo("c9");
    }

    @Test
    void outputBufferKeepsEverythingThatFits() {
        OutputBuffer b = new OutputBuffer(10);
        byte[] data = "abcdefgh".getBytes();
        b.write(data, 0, data.length);
        assertThat(b.text()).isEqualTo("abcdefgh");
        OutputBuffer big = new OutputBuffer(10);
        byte[] many = "0123456789ABCDEFGHIJ".getBytes();
        big.write(many, 0, 7);
        big.write(many, 7, 13);
        assertThat(big.text()).isEqualTo("01234\n… [10 bytes of output omitted] …\nFGHIJ");
        assertThat(big.total()).isEqualTo(20);
    }
}
