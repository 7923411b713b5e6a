package dev.tern.memory.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.agent.Agent;
import dev.tern.agent.RunRequest;
import dev.tern.cost.PriceTable;
import dev.tern.llm.ModelGateway;
import dev.tern.metrics.Metrics;
import dev.tern.http.HttpTransport;
import dev.tern.provider.openai.OpenAiProvider;
import dev.tern.run.RunResult;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import dev.tern.tool.ToolExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracker: recording at the gateway and per run, bounded memory and files, loading the tail of the files. */
class PerfTrackerTest {

    @TempDir Path dir;

    static CallRecord call(int i, String agent, String model, Instant at) {
        return new CallRecord(at, "run-" + i, agent, "s", model, CallRecord.Source.PROVIDER, true, null, 1000 + i, 10, 5, 0, 0,
                0.001, 0, 0);
    }

    @Test
    void memoryAndFilesStayBoundedOverAMillionRecords() throws Exception {
        Metrics metrics = new Metrics();
        try (PerfTracker t = new PerfTracker(dir, null, metrics, new PerfTracker.Options(1_000, 1 << 20, 2))) {
            Instant now = Instant.now();
            for (int i = 0; i < 1_000_000; i++) t.record(call(i, "a", "m", now));
            List<CallRecord> recent = t.recentCalls();
            assertThat(recent).hasSize(1_000);
            assertThat(recent.getFirst().run()).isEqualTo("run-999000");
            assertThat(recent.getLast().run()).isEqualTo("run-999999");
            assertThat(t.openRuns()).isZero();
            assertThat(t.writeErrors()).isZero();
            List<Path> files = t.callFiles();
            assertThat(files).hasSize(3); // calls.jsonl, calls.1.jsonl, calls.2.jsonl: the oldest were deleted
            for (Path f : files) assertThat(Files.size(f)).isLessThanOrEqualTo(1 << 20);
        }
        assertThat(metrics.count("tracker.calls")).isEqualTo(1_000_000);
    }

    @Test
    void aNewTrackerLoadsOnlyTheLastRecordsFromTheEndOfTheFilesAndNothingTwice() throws Exception {
        Instant now = Instant.now();
        try (PerfTracker first = new PerfTracker(dir, null, new Metrics(), new PerfTracker.Options(100, 64 * 1024, 3))) {
            for (int i = 0; i < 5_000; i++) first.record(call(i, "a", "m", now));
        }
        try (PerfTracker second = new PerfTracker(dir, null, new Metrics(), new PerfTracker.Options(100, 64 * 1024, 3))) {
            for (int i = 5_000; i < 5_010; i++) second.record(call(i, "a", "m", now));
            List<CallRecord> recent = second.recentCalls();
            assertThat(recent).hasSize(100);
            assertThat(recent).extracting(CallRecord::run).doesNotHaveDuplicates();
            assertThat(recent.getFirst().run()).isEqualTo("run-4910");
            assertThat(recent.get(89).run()).isEqualTo("run-4999");
            assertThat(recent.getLast().run()).isEqualTo("run-5009");
        }
    }

    @Test
    void aTornLastLineAndForeignLinesAreSkipped() throws Exception {
        Instant now = Instant.now();
        try (PerfTracker t = new PerfTracker(dir, null, new Metrics(), PerfTracker.Options.DEFAULT)) {
            for (int i = 0; i < 3; i++) t.record(call(i, "a", "m", now));
        }
        Files.writeString(dir.resolve("calls.jsonl"), "not json\n{\"ts\":\"2026-01-01T00:00:00Z\",\"kind\":\"call\",\"run\":\"torn",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Metrics m = new Metrics();
        try (PerfTracker t = new PerfTracker(dir, null, m, PerfTracker.Options.DEFAULT)) {
            assertThat(t.recentCalls()).extracting(CallRecord::run).containsExactly("run-0", "run-1", "run-2");
            assertThat(m.count("tracker.bad_lines")).isEqualTo(1);
        }
    }

    @Test
    void everyCallAndRunIsRecordedAtTheGatewayWhoeverBuiltTheAgent() throws Exception {
        SimConfig config = SimConfig.builder().scenario(Scenario.parse(
                "{\"name\": \"bad\", \"steps\": [{\"text\": \"x\", \"fault\": {\"type\": \"status\", \"status\": 400}}]}")).build();
        try (SimServer sim = SimServer.start(config); HttpTransport http = HttpTransport.create()) {
            Metrics metrics = new Metrics();
            PerfTracker tracker = new PerfTracker(dir, PriceTable.bundled(), metrics, PerfTracker.Options.DEFAULT);
            ModelGateway gateway = new ModelGateway(OpenAiProvider.fromEnv(http, Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1",
                    "OPENAI_API_KEY", "k")), metrics).addInterceptor(tracker);
            Agent ok = Agent.builder("writer").model("gpt-4o-mini").gateway(gateway).executor(new ToolExecutor(metrics)).build(); // no listener: the tracker finds the runs through their calls
            Agent failing = ok.toBuilder().model("sim:bad").build();

            RunResult r = ok.run(RunRequest.of("hello").withSession("sess-1"));
            RunResult f = failing.run(RunRequest.of("hello"));

            assertThat(r.completed()).isTrue();
            assertThat(f.completed()).isFalse();
            List<CallRecord> calls = tracker.recentCalls();
            assertThat(calls).hasSize(2);
            CallRecord c = calls.getFirst();
            assertThat(c.agent()).isEqualTo("writer");
            assertThat(c.session()).isEqualTo("sess-1");
            assertThat(c.model()).startsWith("gpt-4o-mini");
            assertThat(c.ok()).isTrue();
            assertThat(c.inputTokens()).isPositive();
            assertThat(c.costUsd()).isPositive();
            assertThat(c.latencyMicros()).isPositive();
            assertThat(calls.get(1).ok()).isFalse();
            assertThat(calls.get(1).error()).isEqualTo("BAD_REQUEST");
            List<RunRecord> runs = tracker.recentRuns();
            assertThat(runs).extracting(RunRecord::outcome).containsExactly("completed", "failed");
            assertThat(runs.getFirst().session()).isEqualTo("sess-1");
            assertThat(runs.getFirst().model()).startsWith("gpt-4o-mini");
            assertThat(runs.getFirst().costUsd()).isEqualTo(r.costUsd());
            tracker.close();
            // the same records are in the files, one JSON line each
            assertThat(Files.readAllLines(dir.resolve("calls.jsonl"))).hasSize(2);
            assertThat(Files.readAllLines(dir.resolve("runs.jsonl"))).hasSize(2).first().asString()
                    .contains("\"outcome\":\"completed\"").contains("\"toolCalls\":0");
        }
    }

    @Test
    void queriesFilterByPeriodAndAgentAndExportRowsPerAgentAndModel() throws Exception {
        Instant now = Instant.now();
        try (PerfTracker t = new PerfTracker(dir, null, new Metrics(), PerfTracker.Options.DEFAULT)) {
            t.record(call(1, "old", "gpt-4o", now.minusSeconds(3 * 86_400)));
            for (int i = 0; i < 10; i++) t.record(call(i, i % 2 == 0 ? "planner" : "coder", i < 4 ? "gpt-4o" : "claude-sonnet-4", now));
            t.record(new CallRecord(now, "r", "coder", "s", "claude-sonnet-4", CallRecord.Source.CACHE, true, null, 40, 0, 0, 0, 0, 0,
                    0.002, 0));
            t.record(new RunRecord(now, "r", "coder", "s", "claude-sonnet-4", "completed", null, 3, 1, 900, 30, 15, 0, 0, 0.003, 1));
            t.record(new RunRecord(now, "r2", "coder", "s", "claude-sonnet-4", "failed", "boom", 1, 0, 90, 10, 0, 0, 0, 0.001, 0));
        }
        PerfQuery.Result day = new PerfQuery(now.minusSeconds(86_400), null).run(PerfTracker.callFiles(dir), PerfTracker.runFiles(dir));
        assertThat(day.calls()).isEqualTo(11);
        assertThat(day.summary().byAgent()).extracting(PerfSummary.Row::name).containsExactly("coder", "planner");
        PerfSummary.Row coder = day.summary().byAgent().getFirst();
        assertThat(coder.calls()).isEqualTo(6);
        assertThat(coder.cacheHits()).isEqualTo(1);
        assertThat(coder.runs()).isEqualTo(2);
        assertThat(coder.runSuccessRate()).isEqualTo(0.5);
        assertThat(coder.p50Ms()).isGreaterThan(1.0); // cache answers are not part of the latency

        String csv = PerfExport.csv(day.summary());
        assertThat(csv.lines().toList()).first().isEqualTo(PerfExport.CSV_HEADER);
        assertThat(csv).contains("\nagent,coder,6,").contains("\nagent,planner,5,").contains("\nmodel,gpt-4o,4,")
                .contains("\nmodel,claude-sonnet-4,7,").contains("\ntotal,all,11,").doesNotContain("old");

        PerfQuery.Result all = new PerfQuery(null, "old").run(PerfTracker.callFiles(dir), PerfTracker.runFiles(dir));
        assertThat(all.calls()).isEqualTo(1);
        assertThat(PerfExport.json(all.summary(), Map.of())).contains("\"name\":\"old\"");
    }
}
