package dev.tern.memory.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How long runs and model calls usually take, read back from the tracker's own files by a later process. */
class EstimatesTest {

    @TempDir Path dir;

    private static RunRecord run(int i, String agent, String outcome, long wallMs) {
        return new RunRecord(Instant.now(), "r" + i, agent, "s", "gpt-4o", outcome, null, 2, 1, wallMs, 10, 5, 0, 0, 0.001, 0);
    }

    private static CallRecord call(int i, String model, CallRecord.Source source, boolean ok, long latencyMs) {
        return new CallRecord(Instant.now(), "r" + i, "main", "s", model, source, ok, ok ? null : "TIMEOUT", latencyMs * 1000, 10, 5, 0, 0,
                0.001, 0, 0);
    }

    private PerfTracker tracker() { return new PerfTracker(dir, null, new Metrics(), PerfTracker.Options.DEFAULT); }

    @Test
    void theMedianOfCompletedRunsPerAgentAndOfAnsweredProviderCallsPerModel() throws Exception {
        try (PerfTracker t = tracker()) {
            long[] walls = {1_000, 9_000, 2_000, 3_000};
            for (int i = 0; i < walls.length; i++) t.record(run(i, "main", "completed", walls[i]));
            t.record(run(10, "main", "failed", 50_000));        // a failed run says nothing about how long a run takes
            t.record(run(11, "main", "timeout", 60_000));
            t.record(run(12, "reviewer", "completed", 4_000));  // two runs: too few for an estimate
            t.record(run(13, "reviewer", "completed", 4_000));
            for (int i = 0; i < 3; i++) t.record(call(i, "gpt-4o", CallRecord.Source.PROVIDER, true, 100 * (i + 1)));
            for (int i = 5; i < 7; i++) {
                t.record(call(i, "gpt-4o", CallRecord.Source.CACHE, true, 0));        // answered by the cache: not the model's latency
                t.record(call(i, "gpt-4o", CallRecord.Source.PROVIDER, false, 30_000)); // timed out
            }
        }
        Estimates e;
        try (PerfTracker later = tracker()) {   // a later process: only the files
            e = Estimates.read(later);
        }
        assertThat(e.run("main")).isEqualTo(Duration.ofMillis(3_000));   // of 1, 2, 3, 9 s
        assertThat(e.run("reviewer")).isNull();
        assertThat(e.run("nobody")).isNull();
        assertThat(e.run(null)).isNull();
        assertThat(e.call("gpt-4o")).isEqualTo(Duration.ofMillis(200));
        assertThat(e.call("claude-sonnet-4")).isNull();
    }

    @Test
    void onlyTheMostRecentRunsCountSoAFasterSetupShowsAtOnce() throws Exception {
        try (PerfTracker t = tracker()) {
            for (int i = 0; i < 15; i++) t.record(run(i, "main", "completed", 40_000));
            for (int i = 15; i < 15 + Estimates.KEEP; i++) t.record(run(i, "main", "completed", 5_000));
        }
        try (PerfTracker later = tracker()) {
            assertThat(Estimates.read(later).run("main")).isEqualTo(Duration.ofMillis(5_000));
        }
    }

    @Test
    void noFilesAndTornOrForeignLinesGiveWhatCanBeReadAndNeverAnError() throws Exception {
        try (PerfTracker empty = tracker()) {
            Estimates none = Estimates.read(empty);
            assertThat(none.run("main")).isNull();
            assertThat(none.call("gpt-4o")).isNull();
        }
        try (PerfTracker t = tracker()) {
            for (int i = 0; i < 3; i++) t.record(run(i, "main", "completed", 2_000));
        }
        Files.writeString(dir.resolve("runs.jsonl"), "not json\n{\"ts\":\"2026-01-01T00:00:00Z\",\"run\":\"torn",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (PerfTracker later = tracker()) {
            assertThat(Estimates.read(later).run("main")).isEqualTo(Duration.ofMillis(2_000));
        }
    }
}
