package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.run.AgentEvent;
import dev.tern.run.AgentEvent.ToolSource;
import dev.tern.model.StopReason;
import dev.tern.model.Usage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import dev.tern.memory.tracker.CallRecord;
import dev.tern.memory.tracker.Estimates;
import dev.tern.memory.tracker.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What the user sees on stderr while a run works: model waits, tools with their times, retries, cache hits. */
class ProgressTest {

    @Test
    void everyStepOfARunIsShownWithItsElapsedTime() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false)) {
            p.onEvent(new AgentEvent.ModelRequested("r", "main", 1, "gpt-4o", 2, -1));
            p.onEvent(new AgentEvent.ModelRetrying("r", "main", "gpt-4o", 1, Duration.ofMillis(1000), "HTTP 429 rate limited"));
            p.onEvent(new AgentEvent.ModelResponded("r", "main", 1, "gpt-4o", new Usage(100, 20, 900, 0),
                    Duration.ofMillis(1500), Duration.ofMillis(400), StopReason.TOOL_USE, 2));
            p.onEvent(new AgentEvent.ToolStarted("r", "main", "c1", "web_fetch", "{\"url\":\"https://example.com\"}"));
            p.onEvent(new AgentEvent.ToolFinished("r", "main", "c1", "web_fetch", Duration.ofMillis(250), false, ToolSource.EXECUTED, 10));
            p.onEvent(new AgentEvent.ToolStarted("r", "main", "c2", "web_fetch", "{\"url\":\"https://example.com\"}"));
            p.onEvent(new AgentEvent.ToolFinished("r", "main", "c2", "web_fetch", Duration.ZERO, false, ToolSource.CACHED, 10));
            p.onEvent(new AgentEvent.ToolFinished("r", "sub-1", "c3", "exec", Duration.ofMillis(5), true, ToolSource.DENIED, 10));
            p.onEvent(new AgentEvent.RunFailed("r", "main", "openai: HTTP 401 invalid key", null));
        }
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("model gpt-4o (call 1, 2 messages)");
        assertThat(out).contains("retrying gpt-4o in 1.00s (attempt 1): HTTP 429 rate limited");
        assertThat(out).contains("model answered in 1.50s (first token 0.40s), 1000 in / 20 out tokens (900 cached) -> 2 tool calls");
        assertThat(out).contains("> web_fetch {\"url\":\"https://example.com\"}").contains("ok web_fetch 0.25s");
        assertThat(out).contains("ok web_fetch 0.00s (cache hit)");
        assertThat(out).contains("sub-1: ").contains("x exec 0.01s (denied)");
        assertThat(out).contains("failed: openai: HTTP 401 invalid key");
        assertThat(out).doesNotContain("\033[");   // no terminal control codes when not live
    }

    /** Three earlier runs of 30 s and calls of 2 s: what the tracker's files would say. */
    private static Estimates usual() {
        Instant t = Instant.now();
        List<RunRecord> runs = List.of(
                new RunRecord(t, "a", "main", "s", "gpt-4o", "completed", null, 3, 2, 30_000, 10, 5, 0, 0, 0, 0),
                new RunRecord(t, "b", "main", "s", "gpt-4o", "completed", null, 3, 2, 30_000, 10, 5, 0, 0, 0, 0),
                new RunRecord(t, "c", "main", "s", "gpt-4o", "completed", null, 3, 2, 30_000, 10, 5, 0, 0, 0, 0));
        List<CallRecord> calls = List.of(
                new CallRecord(t, "a", "main", "s", "gpt-4o", CallRecord.Source.PROVIDER, true, null, 2_000_000, 10, 5, 0, 0, 0, 0, 0),
                new CallRecord(t, "b", "main", "s", "gpt-4o", CallRecord.Source.PROVIDER, true, null, 2_000_000, 10, 5, 0, 0, 0, 0, 0),
                new CallRecord(t, "c", "main", "s", "gpt-4o", CallRecord.Source.PROVIDER, true, null, 2_000_000, 10, 5, 0, 0, 0, 0, 0));
        return Estimates.of(runs, calls);
    }

    @Test
    void withAHistoryTheLinesSayHowLongRunsAndModelCallsUsuallyTake() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false)) {
            p.usual(usual());
            p.onEvent(new AgentEvent.ModelRequested("r", "main", 1, "gpt-4o", 2, -1));
            p.onEvent(new AgentEvent.ModelRequested("r", "main", 2, "claude-sonnet-4", 4, -1));
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).containsOnlyOnce("runs of main usually take 30s here");
        assertThat(out).contains("model gpt-4o (call 1, 2 messages, usually 2.00s)");
        assertThat(out).contains("model claude-sonnet-4 (call 2, 4 messages)\n");   // nothing recorded for it: no estimate
    }

    @Test
    void theLiveStatusLineShowsTheUsualModelTimeAndWhatARunUsuallyHasLeft() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true)) {
            p.usual(usual());
            p.onEvent(new AgentEvent.ModelRequested("r", "main", 1, "gpt-4o", 2, -1));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> bytes.toString(StandardCharsets.UTF_8).contains("left of a usual 30s"));
            String line = bytes.toString(StandardCharsets.UTF_8);
            assertThat(line).contains("waiting for gpt-4o").contains("(usually 2.00s)").containsPattern("~(29|30)s left of a usual 30s");
        }
        assertThat(Progress.approx(Duration.ofMillis(9_449))).isEqualTo("9.4s");
        assertThat(Progress.approx(Duration.ofMillis(12_600))).isEqualTo("13s");
    }
}
