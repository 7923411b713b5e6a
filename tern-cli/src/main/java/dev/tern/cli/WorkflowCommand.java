package dev.tern.cli;

import dev.tern.orchestration.workflow.WorkflowResult;
import dev.tern.orchestration.workflow.WorkflowRunner;
import dev.tern.orchestration.workflow.WorkflowSetupException;
import dev.tern.run.AgentListener;
import dev.tern.runtime.Budget;
import dev.tern.runtime.RuntimeOptions;
import dev.tern.runtime.SetupException;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.workspace.config.ConfigException;
import dev.tern.workspace.permission.PermissionMode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tern workflow NAME "input"}: runs {@code workflows/NAME.md}; report sections go to stdout as they
 * complete, progress (steps, agents, tools, ETA) to stderr; exit codes as {@code tern run}.
 */
@Command(name = "workflow", mixinStandardHelpOptions = true,
        description = "Run a workflow of the workspace: report sections on stdout as they complete, progress on stderr.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the workflow completed", "1:a model or provider failed", "2:bad command-line usage",
                "3:setup problem (config, API key, workflow or agent files)", "4:a limit stopped it (iterations, time, tokens, money)"})
public final class WorkflowCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    WorkspaceOptions opts = new WorkspaceOptions();

    @Option(names = "--timeout", description = "wall-time limit of the whole workflow, in seconds")
    Long timeoutSeconds;

    @Option(names = "--stats", description = "print per-step times, tokens, cost and cache counters to stderr at the end")
    boolean stats;

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "NAME", description = "the workflow (workflows/NAME.md)")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "INPUT", description = "the workflow's input ({{input}})")
    List<String> input;

    Map<String, String> env = System.getenv();
    PrintStream out = System.out;
    PrintStream err = System.err;
    boolean interactive = System.console() != null;

    @Override
    public Integer call() {
        Path ws = opts.workspace(err);
        if (!Files.isDirectory(ws)) {
            err.println("tern: workspace is not a folder: " + ws);
            return RunCommand.SETUP;
        }
        PermissionMode mode;
        try {
            mode = opts.permissionMode();
        } catch (IllegalArgumentException e) {
            err.println("tern: " + e.getMessage());
            return 2;
        }
        // the MCP SDK logs through SLF4J and Tern ships no provider: keep SLF4J's own notice off the terminal
        if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "ERROR");
        RuntimeOptions options = new RuntimeOptions(ws, opts.config, opts.model, mode, null, null, null, env,
                new Budget(0, 0, 0, List.of(), w -> err.println("tern: warning: " + w)));
        try (WorkspaceRuntime tern = WorkspaceRuntime.open(options);
             WorkflowProgress progress = new WorkflowProgress(quiet ? new PrintStream(PrintStream.nullOutputStream()) : err,
                     !quiet && interactive)) {
            tern.warnings().forEach(w -> err.println("tern: config: " + w));
            var orchestration = tern.orchestration();
            orchestration.catalog().problems().forEach(p -> err.println("tern: " + (p.fatal() ? "" : "note: ") + p));
            List<AgentListener> listeners = new ArrayList<>(List.of(progress)); // every agent's run is recorded by the runtime's tracker
            WorkflowResult r = orchestration.workflow(name, String.join(" ", input), new WorkflowRunner.Options(listeners, progress,
                    (i, n, title, text) -> {
                        out.println(text);
                        out.println();
                        out.flush();
                    }, null, timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds)));
            progress.close();
            if (r.report() == null && r.completed()) out.println(r.text());
            if (r.report() != null) err.println("tern: report written to " + r.report());
            if (stats) err.print(stats(r, tern));
            return switch (r.outcome()) {
                case COMPLETED -> RunCommand.OK;
                case LIMIT -> {
                    err.println("tern: " + r.reason());
                    yield RunCommand.LIMIT;
                }
                case CANCELLED -> {
                    err.println("tern: " + r.reason());
                    yield 130;
                }
                case FAILED -> {
                    err.println("tern: " + r.reason());
                    yield RunCommand.FAILED;
                }
            };
        } catch (WorkflowSetupException | ConfigException | SetupException e) {
            err.println("tern: " + e.getMessage());
            return RunCommand.SETUP;
        }
    }

    static String stats(WorkflowResult r, WorkspaceRuntime tern) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "stats: workflow %s %s in %.2fs%s%n", r.workflow(), r.outcome().name().toLowerCase(Locale.ROOT),
                r.wall().toMillis() / 1000.0, r.firstSection() == null ? "" : String.format(Locale.ROOT, ", first section at %.2fs",
                        r.firstSection().toMillis() / 1000.0)));
        for (WorkflowResult.StepResult s : r.steps()) {
            b.append(String.format(Locale.ROOT, "  step %d %-40s %.2fs%n", s.index(), Progress.abbreviate(s.label(), 40), s.elapsed().toMillis() / 1000.0));
            for (WorkflowResult.AgentResult a : s.agents()) {
                if (s.label().startsWith("report") && a != s.agents().getFirst()) continue;
                b.append(String.format(Locale.ROOT, "    %s: %s (%s)%s%n", a.agent(), a.model().model(), a.model().reason(),
                        a.escalated() ? " [escalated]" : ""));
            }
        }
        b.append(PerfReport.perf(tern.metrics().snapshot(), tern.costs().total().costUsd(), tern.costs().total().netCacheSavingsUsd()));
        return b.toString();
    }
}
