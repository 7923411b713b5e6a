package dev.tern.cli;

import dev.tern.runtime.Budget;
import dev.tern.runtime.RuntimeOptions;
import dev.tern.runtime.SetupException;
import dev.tern.runtime.WorkspaceRuntime;

import dev.tern.run.AgentListener;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.run.RunResult;
import dev.tern.cache.Prefetch;
import dev.tern.json.Json;
import dev.tern.model.ModelException;
import dev.tern.orchestration.workflow.WorkflowSetupException;
import dev.tern.workspace.config.ConfigException;
import dev.tern.workspace.context.WorkspaceChat;
import dev.tern.workspace.permission.PermissionMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import tools.jackson.core.JacksonException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tern run "message"}: one shot in a workspace; answer on stdout, progress on stderr. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one task in a workspace: the answer goes to stdout, progress to stderr.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run completed", "1:the model or provider failed", "2:bad command-line usage",
                "3:setup problem (config, API key, workspace)", "4:a limit stopped the run (iterations, time, tokens, money)"})
public final class RunCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    WorkspaceOptions opts = new WorkspaceOptions();

    static final int OK = 0, FAILED = 1, SETUP = 3, LIMIT = 4;

    @Option(names = "--session", description = "continue this session (default: a new one per run)")
    String session;

    @Option(names = "--max-iterations", description = "model calls per run")
    Integer maxIterations;

    @Option(names = "--timeout", description = "wall-time limit in seconds")
    Long timeoutSeconds;

    @Option(names = "--max-tokens", description = "token budget of the run (input + output, all calls)")
    long maxTokens;

    @Option(names = "--max-cost", description = "money budget of the run in USD")
    double maxCost;

    @Option(names = "--warn-cost", description = "warn before a single call that may cost more than this (USD)")
    double warnCost;

    @Option(names = "--fallback-model", description = "model to use when the primary keeps failing (repeatable, in order)")
    List<String> fallbackModels = new ArrayList<>();

    @Option(names = "--prefetch", description = "JSON file with tool calls to gather concurrently before the model runs: "
            + "[{\"tool\": \"web_fetch\", \"arguments\": {\"url\": \"...\"}}, ...]")
    Path prefetch;

    @Option(names = "--agent", description = "run this agent of agents/*.md or .claude/agents/*.md ('auto': route the task first)")
    String agent;

    @Option(names = "--stats", description = "print tokens, cost, cache and tool counters to stderr at the end")
    boolean stats;

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr")
    boolean quiet;

    @Parameters(arity = "1..*", paramLabel = "MESSAGE", description = "what to do")
    List<String> message;

    /** The process environment and streams; tests replace them. */
    Map<String, String> env = System.getenv();
    PrintStream out = System.out;
    PrintStream errStream = System.err;
    boolean interactive = System.console() != null;

    @Override
    public Integer call() {
        PrintStream err = errStream;
        Path ws = opts.workspace();
        if (!Files.isDirectory(ws)) {
            err.println("tern: workspace is not a folder: " + ws);
            return SETUP;
        }
        PermissionMode mode;
        try {
            mode = opts.permissionMode();
        } catch (IllegalArgumentException e) {
            err.println("tern: " + e.getMessage());
            return 2;
        }
        var prompter = !interactive ? null
                : ConsolePrompter.ofReader(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), err);
        RuntimeOptions options = new RuntimeOptions(ws, opts.config, opts.model, mode, prompter, maxIterations,
                timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds), env,
                new Budget(maxTokens, maxCost, warnCost, fallbackModels, w -> err.println("tern: warning: " + w)));
        try (WorkspaceRuntime tern = WorkspaceRuntime.open(options);
             Progress progress = new Progress(err, !quiet && interactive)) {
            tern.config().warnings().forEach(w -> err.println("tern: config: " + w));
            String key = session != null ? session
                    : "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
            WorkspaceChat chat = tern.chat(key);
            List<AgentListener> listeners = new ArrayList<>(List.of(new RunLog(ws, key, tern.model())));
            if (!quiet) listeners.add(progress);
            String input = String.join(" ", message);
            if (prefetch != null) input = gather(tern, ws, key, listeners, input);
            List<String> notices = new ArrayList<>();
            RunResult r = agent == null ? chat.send(input, "cli", key, listeners)
                    : AgentRuns.run(tern.orchestration(), agent, input, key, listeners, n -> {
                        notices.add(n);
                        if (!quiet) err.println("tern: " + n);
                    });
            progress.close();
            if (stats) {
                notices.forEach(n -> err.println("stats: " + n));
                err.print(Stats.line(r, tern));
            }
            return switch (r.outcome()) {
                case COMPLETED -> {
                    out.println(r.text());
                    yield OK;
                }
                case MAX_ITERATIONS, TIMEOUT, BUDGET_EXCEEDED -> {
                    err.println("tern: " + r.reason());
                    yield LIMIT;
                }
                case CANCELLED -> {
                    err.println("tern: cancelled");
                    yield 130;
                }
                case FAILED -> {
                    err.println("tern: " + r.reason());
                    yield FAILED;
                }
            };
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            err.println("tern: --prefetch " + prefetch + ": " + e.getMessage());
            return SETUP;
        } catch (ModelException e) {
            err.println("tern: " + e.getMessage());
            return e.kind() == ModelException.Kind.AUTHENTICATION ? SETUP : FAILED;
        } catch (ConfigException | SetupException | WorkflowSetupException e) {
            err.println("tern: " + e.getMessage());
            return SETUP;
        }
    }

    /** Runs the declared tool calls concurrently through the shared executor (and cache) and puts their results before the input. */
    private String gather(WorkspaceRuntime tern, Path ws, String key, List<AgentListener> listeners, String input) throws IOException {
        List<Prefetch.Call> calls = Prefetch.parse(Json.parse(Files.readString(prefetch)));
        RunContext run = new RunContext("prefetch-" + key, "main", key, ws, new Events("prefetch-" + key, "main", listeners), (dev.tern.cancel.Cancellation) null, null);
        Prefetch.Result result = new Prefetch(tern.executor(), tern.tools()).gather(calls, run);
        errStream.printf("tern: gathered %d tool results in %.2fs before the first model call%n", calls.size(),
                result.wall().toMillis() / 1000.0);
        return result.preamble(input);
    }
}
