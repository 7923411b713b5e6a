package dev.tern.cli;

import dev.tern.bench.research.ResearchFlows;
import dev.tern.bench.research.ResearchShape;
import dev.tern.orchestration.workflow.ReportSink;
import dev.tern.orchestration.workflow.WorkflowResult;
import dev.tern.run.AgentListener;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tern demo research}: Navam's flow (seed 004) against the built-in simulator and a small market
 * MCP server, no API key: gather in parallel, three analysts in parallel on one tool cache, a report
 * streamed by sections; then the naive flow on the same workspace, and the comparison.
 */
@Command(name = "research", mixinStandardHelpOptions = true,
        description = "Research a company with three analyst agents and a streamed report (simulated model, local MCP server), "
                + "then compare with the naive flow.")
public final class DemoResearchCommand implements Callable<Integer> {

    @Option(names = {"-w", "--workspace"}, description = "keep the demo workspace here (default: a temporary folder)")
    Path workspace;

    @Option(names = "--symbol", description = "the company to research (default ACME)")
    String symbol = "ACME";

    @Option(names = "--no-naive", description = "skip the naive flow and the comparison")
    boolean noNaive;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        Path ws = workspace != null ? workspace.toAbsolutePath() : Files.createTempDirectory("tern-research-");
        ResearchShape shape = ResearchShape.DEMO;
        out.println("Tern demo: research " + symbol + " with three analyst agents over a market MCP server, the report written");
        out.println("section by section (simulated model; lookups take " + shape.toolMs() + " ms each). Workspace: " + ws + "\n");
        try (ResearchFlows flows = ResearchFlows.start(ws, shape)) {
            WorkflowTimeline timeline = new WorkflowTimeline();
            ResearchFlows.Measure fast;
            try (WorkflowProgress progress = new WorkflowProgress(err, false)) {
                fast = flows.workflow(symbol, sections(), e -> {
                    progress.onEvent(e);
                    timeline.onEvent(e);
                }, List.of(progress, timeline));
            }
            WorkflowResult r = flows.lastWorkflow();
            if (!fast.completed()) {
                err.println("tern: the workflow did not complete: " + fast.failure());
                return 1;
            }
            out.println();
            timeline.print(out, 118);
            out.println("\nreport: " + r.report());
            if (noNaive) return 0;
            out.println("\nNow the naive flow (seed 004's): the analysts one after another, no shared cache, the report in one call ...");
            ResearchFlows.Measure naive;
            try (Progress p = new Progress(err, false)) {
                naive = flows.naive(symbol, ReportSink.NONE, List.<AgentListener>of(p));
            }
            out.println();
            out.print(compare(fast, naive));
            return naive.completed() ? 0 : 1;
        }
    }

    private ReportSink sections() {
        return (i, n, title, text) -> {
            out.println(Progress.abbreviate(text.lines().findFirst().orElse(""), 100) + "   [section " + (i + 1) + "/" + n + "]");
            text.lines().skip(1).filter(l -> !l.isBlank()).limit(2).forEach(l -> out.println("  " + Progress.abbreviate(l, 110)));
            out.flush();
        };
    }

    static String compare(ResearchFlows.Measure fast, ResearchFlows.Measure naive) {
        StringBuilder b = new StringBuilder();
        String row = "%-34s %14s %14s%n";
        b.append(String.format(Locale.ROOT, row, "", "Tern workflow", "naive flow"));
        b.append(String.format(Locale.ROOT, row, "wall time", secs(fast.wall()), secs(naive.wall())));
        b.append(String.format(Locale.ROOT, row, "first report text on screen", secs(fast.firstText()), secs(naive.firstText())));
        b.append(String.format(Locale.ROOT, row, "analysts (wall / sum of their runs)", secs(fast.analystsWall()) + " / "
                + secs(fast.analystsSum()), secs(naive.analystsWall()) + " / " + secs(naive.analystsSum())));
        b.append(String.format(Locale.ROOT, row, "MCP tool executions", fast.executions(), naive.executions()));
        b.append(String.format(Locale.ROOT, row, "model calls", fast.modelCalls(), naive.modelCalls()));
        b.append(String.format(Locale.ROOT, row, "tokens in / out", fast.inputTokens() + " / " + fast.outputTokens(),
                naive.inputTokens() + " / " + naive.outputTokens()));
        b.append(String.format(Locale.ROOT, "%nTern's workflow was %.1fx faster; the first section was on screen %.1fx sooner.%n",
                naive.wall().toNanos() / (double) fast.wall().toNanos(),
                naive.firstText().toNanos() / (double) Math.max(1, fast.firstText().toNanos())));
        return b.toString();
    }

    static String secs(java.time.Duration d) { return d == null ? "-" : String.format(Locale.ROOT, "%.2fs", d.toNanos() / 1e9); }
}
