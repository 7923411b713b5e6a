package dev.tern.bench.research;

import dev.tern.bench.BenchReport;
import dev.tern.orchestration.workflow.ReportSink;
import dev.tern.orchestration.workflow.WorkflowEvent;
import dev.tern.orchestration.workflow.WorkflowResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SPEC "workflow" (seed 004's shape): 3 analysts x 4 MCP lookups of 1 s, a report of 5 sections; Tern's
 * workflow (gather, parallel analysts on one cache, sections streamed) against the naive flow (sequential
 * analysts, no shared cache, the report in one call), on the same simulator, MCP server and workspace.
 */
public final class WorkflowBench {

    public BenchReport run(boolean quick) throws IOException {
        ResearchShape shape = ResearchShape.BENCH;
        Path dir = Files.createTempDirectory("tern-bench-workflow");
        BenchReport.Builder b = new BenchReport.Builder("workflow", "research flow, seed-004 shape (3 agents x 4 MCP lookups of 1 s, "
                + "5 report sections) vs the naive flow", "tern bench workflow");
        try (ResearchFlows flows = ResearchFlows.start(dir, shape)) {
            // warm-up on another symbol: JIT, MCP session, connection pool (not measured)
            flows.workflow("WARM", ReportSink.NONE, null, List.of());
            List<Duration> afterModel = new ArrayList<>();
            ResearchFlows.Measure fast = flows.workflow("ACME", ReportSink.NONE, e -> {
                if (e instanceof WorkflowEvent.SectionEmitted s && s.index() == 0) afterModel.add(s.afterModel());
            }, List.of());
            WorkflowResult wr = flows.lastWorkflow();
            ResearchFlows.Measure naive = flows.naive("ACME", ReportSink.NONE, List.of());
            double speedup = naive.wall().toNanos() / (double) fast.wall().toNanos();
            b.row("wall time: workflow / naive", secs(fast.wall()) + " / " + secs(naive.wall()));
            b.row("speed-up", String.format(Locale.ROOT, "%.2fx", speedup), "≥ 2.5x", speedup >= 2.5 && fast.completed() && naive.completed());
            Duration gap = afterModel.isEmpty() ? null : afterModel.getFirst();
            b.row("first section on stdout after its model call ended", gap == null ? "-" : gap.toMillis() + " ms", "≤ 1 s",
                    gap != null && gap.toMillis() <= 1000);
            b.row("first report text: workflow / naive", secs(fast.firstText()) + " / " + secs(naive.firstText()));
            b.row("MCP executions: workflow / naive", fast.executions() + " / " + naive.executions(), "4 (the distinct calls)",
                    fast.executions() == 4);
            b.row("analysts: wall / sum of their runs (workflow)", secs(fast.analystsWall()) + " / " + secs(fast.analystsSum())
                    + (fast.analystsSum().compareTo(fast.analystsWall()) > 0 ? " (overlapping)" : " (NOT overlapping)"));
            b.row("model calls: workflow / naive", fast.modelCalls() + " / " + naive.modelCalls());
            b.row("tokens in / out: workflow", fast.inputTokens() + " / " + fast.outputTokens());
            b.row("tokens in / out: naive", naive.inputTokens() + " / " + naive.outputTokens());
            for (WorkflowResult.StepResult s : wr.steps()) b.note(String.format(Locale.ROOT, "workflow step %d %s: %.2fs", s.index(), s.label(),
                    s.elapsed().toMillis() / 1000.0));
            b.note("naive = the flow seed 004 measured: analysts one after another (each with its own executor, no cache; "
                    + "its four lookups still run concurrently), then the whole report in one model call shown when complete");
            b.note(String.format(Locale.ROOT, "model latency: analysts %d ms to first token + %d ms/token, report %d ms + %d ms/token; "
                    + "sections generated %d at a time", shape.analystTtftMs(), shape.analystTokenMs(), shape.writerTtftMs(),
                    shape.writerTokenMs(), shape.concurrency()));
            b.note("the workflow sends more input tokens (each analyst reads the gathered data, each section call reads the analyses)"
                    + " and makes more, smaller calls");
            return b.build();
        } finally {
            dev.tern.bench.Trees.delete(dir);
        }
    }

    static String secs(Duration d) { return d == null ? "-" : String.format(Locale.ROOT, "%.2fs", d.toNanos() / 1e9); }
}
