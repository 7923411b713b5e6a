package dev.tern.cli;

import dev.tern.cancel.Cancellation;
import dev.tern.cache.Prefetch;
import dev.tern.json.Json;
import dev.tern.logging.TernLogging;
import dev.tern.memory.tracker.Estimates;
import dev.tern.model.ModelException;
import dev.tern.orchestration.workflow.WorkflowSetupException;
import dev.tern.run.AgentListener;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.run.RunResult;
import dev.tern.runtime.RuntimeOptions;
import dev.tern.runtime.SetupException;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.store.StoreException;
import dev.tern.workspace.config.ConfigException;
import dev.tern.workspace.context.WorkspaceChat;
import dev.tern.workspace.permission.PermissionMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;

/** {@code tern run "message"}: one shot in a workspace; answer on stdout, progress on stderr. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one task in a workspace: the answer goes to stdout, progress to stderr.",
                "The message is the arguments; '-' (or piping with no arguments) reads it from stdin."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run completed with an answer", "1:the model or provider failed, or the answer was empty",
                "2:bad command-line usage", "3:setup problem (config, API key, workspace, MCP, prices)",
                "4:a limit stopped the run (iterations, --timeout, tokens, money)", "130:cancelled (Ctrl-C)"})
public final class RunCommand implements Callable<Integer> {

    static final int OK = 0, FAILED = 1, USAGE = 2, SETUP = 3, LIMIT = 4, CANCELLED = Interrupts.EXIT_CODE;

    @Mixin WorkspaceOptions opts = new WorkspaceOptions();
    @Mixin ProviderOptions provider = new ProviderOptions();
    @Mixin SessionOptions sessions = new SessionOptions();
    @Mixin LimitOptions limits = new LimitOptions();
    @Mixin AgentOptions agentOptions = new AgentOptions();
    @Mixin OutputOptions output = new OutputOptions();

    @Option(names = "--agent", paramLabel = "NAME", description = "run this agent of agents/*.md or .claude/agents/*.md ('auto': route the task first)")
    String agentName;

    @Option(names = "--prefetch", paramLabel = "FILE", description = "JSON file with tool calls to gather concurrently before the model runs: "
            + "[{\"tool\": \"web_fetch\", \"arguments\": {\"url\": \"...\"}}, ...]")
    Path prefetch;

    @Parameters(arity = "0..*", paramLabel = "MESSAGE", description = "what to do ('-': read it from stdin)")
    List<String> message;

    /** The process environment and streams; tests replace them. */
    Map<String, String> env = System.getenv();
    PrintStream out = System.out;
    PrintStream errStream = System.err;
    InputStream in = System.in;
    /** True on a terminal: live status line, and approval questions are asked. */
    boolean interactive = System.console() != null;
    /** Whether stdin is a terminal (then nothing is piped); null: ask the JVM. */
    Boolean stdinTerminal;
    /** The SIGINT handler; null: installed for this process when the run starts. */
    Interrupts interrupts;

    @Override
    public Integer call() {
        PrintStream err = errStream;
        TernLogging.configure(output.verbosity(), err::println);
        OutputOptions.Format format;
        try {
            format = output.format();
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        RunReport report = new RunReport(format, out);
        boolean quiet = output.quiet;
        String input;
        PermissionMode mode;
        RuntimeOptions options;
        Path ws;
        boolean stdinIsTerminal = stdinTerminal != null ? stdinTerminal : MessageInput.stdinIsTerminal();
        try {
            input = agentOptions.listTools ? "" : MessageInput.resolve(message, in, stdinIsTerminal);
            mode = opts.permissionMode();
            ws = opts.workspace(err);
            String problem = WorkspaceOptions.problem(ws);
            if (problem != null) return fail(report, err, problem, SETUP);
            Map<String, String> providerEnv = provider.apply(env, opts.model);
            // approvals are asked on a terminal, unless stdin carried the message
            boolean ask = interactive && stdinIsTerminal && (message == null || !message.equals(List.of("-")));
            var prompter = ask ? new ConsolePrompter(StdinLines.start(in), err, true) : null;
            options = new RuntimeOptions(ws, opts.config, opts.model, mode, prompter, limits.maxIterations, limits.timeout(),
                    providerEnv, limits.budget(w -> { if (!quiet) err.println("tern: warning: " + w); })).withNoCache(provider.noCache);
        } catch (IllegalArgumentException e) {
            return fail(report, err, e.getMessage(), USAGE);
        } catch (IOException | UncheckedIOException e) {
            return fail(report, err, e.getMessage(), SETUP);
        }
        Interrupts signals = interrupts != null ? interrupts : Interrupts.install(err);
        try (Progress progress = new Progress(err, !quiet && interactive);
             WorkspaceRuntime tern = WorkspaceRuntime.open(quiet ? options : options.withStatus(progress::status))) {
            if (!quiet) tern.warnings().forEach(w -> err.println("tern: config: " + w));
            // how long runs and model calls usually take here, for the live status line: read beside the run, never waited for
            if (!quiet && interactive) Thread.ofVirtual().name("estimates").start(() -> progress.usual(Estimates.read(tern.tracker())));
            if (agentOptions.listTools) {
                AgentOptions.list(tern.tools().tools(), agentOptions.filter(), out);
                return OK;
            }
            String key;
            try {
                key = sessions.key(tern.sessions(), SessionOptions.newRunKey());
            } catch (IllegalArgumentException e) {
                return fail(report, err, e.getMessage(), USAGE);
            }
            WorkspaceChat chat = tern.chat(key, agentOptions.agent(tern, provider.noStream, err));
            List<AgentListener> listeners = new ArrayList<>(List.of(report)); // runs are recorded by the runtime's tracker
            if (!quiet) listeners.add(progress);
            if (prefetch != null) {
                try {
                    input = gather(tern, ws, key, listeners, input, quiet);
                } catch (IOException | JacksonException | IllegalArgumentException e) {
                    return fail(report, err, "--prefetch " + prefetch + ": " + oneLine(e.getMessage()), SETUP);
                }
            }
            Cancellation token = Cancellation.create();
            signals.onInterrupt(() -> token.cancel("cancelled by the user (Ctrl-C)"));
            RunResult r;
            List<String> notices = new ArrayList<>();
            try {
                r = agentName == null ? chat.send(input, "cli", key, listeners, token)
                        : AgentRuns.run(tern.orchestration(), agentName, input, key, listeners, token, n -> {
                            notices.add(n);
                            if (!quiet) err.println("tern: " + n);
                        });
            } finally {
                signals.onInterrupt(null);
            }
            progress.close();
            boolean costKnown = tern.costs().total().unpricedCalls() == 0;
            if (output.stats) {
                notices.forEach(n -> err.println("stats: " + n));
                err.print(Stats.line(r, tern, costKnown));
            }
            return finish(r, report, err, key, tern.model(), costKnown);
        } catch (ModelException e) {
            return fail(report, err, e.getMessage(), e.kind() == ModelException.Kind.AUTHENTICATION ? SETUP : FAILED);
        } catch (ConfigException | SetupException | StoreException | WorkflowSetupException e) {
            return fail(report, err, e.getMessage(), SETUP);
        } catch (IllegalArgumentException e) {
            // a value in the config that the assembly cannot use (a permission mode, a pattern)
            return fail(report, err, e.getMessage(), SETUP);
        }
    }

    /** Prints the result in the chosen format and the one-line reason of a run that did not give an answer. */
    private int finish(RunResult r, RunReport report, PrintStream err, String key, String model, boolean costKnown) {
        String outcome = RunReport.outcome(r);
        String reason = r.reason();
        int code = switch (r.outcome()) {
            case COMPLETED -> OK;
            case MAX_ITERATIONS, TIMEOUT, BUDGET_EXCEEDED -> LIMIT;
            case CANCELLED -> CANCELLED;
            case FAILED, TOOL_CALLS -> FAILED; // TOOL_CALLS: only agents given external (client) tools stop there
        };
        if (code == OK && r.text().isBlank()) {
            code = FAILED;
            outcome = "empty_answer";
            reason = "the model returned an empty answer (" + r.iterations() + " model call" + (r.iterations() == 1 ? "" : "s")
                    + ", " + r.usage().outputTokens() + " output tokens); nothing to print";
        }
        report.result(r, outcome, reason, key, model, costKnown, code);
        if (code == CANCELLED) err.println("tern: cancelled");
        else if (code == LIMIT && r.outcome() == RunResult.Outcome.TIMEOUT) err.println("tern: timed out: " + reason);
        else if (code != OK) err.println("tern: " + reason);
        return code;
    }

    private static int usage(PrintStream err, String message) {
        err.println("tern: " + message);
        err.println("Try 'tern run --help' for the options.");
        return USAGE;
    }

    private static int fail(RunReport report, PrintStream err, String message, int code) {
        report.error(message, code);
        return code == USAGE ? usage(err, message) : line(err, message, code);
    }

    private static int line(PrintStream err, String message, int code) {
        err.println("tern: " + message);
        return code;
    }

    private static String oneLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Runs the declared tool calls concurrently through the shared executor (and cache) and puts their results before the input. */
    private String gather(WorkspaceRuntime tern, Path ws, String key, List<AgentListener> listeners, String input, boolean quiet)
            throws IOException {
        List<Prefetch.Call> calls = Prefetch.parse(Json.parse(Files.readString(prefetch)));
        RunContext run = new RunContext("prefetch-" + key, "main", key, ws, new Events("prefetch-" + key, "main", listeners),
                (Cancellation) null, null);
        Prefetch.Result result = new Prefetch(tern.executor(), tern.tools()).gather(calls, run);
        if (!quiet) {
            errStream.printf("tern: gathered %d tool result%s in %.2fs before the first model call%n", calls.size(),
                    calls.size() == 1 ? "" : "s", result.wall().toMillis() / 1000.0);
        }
        return result.preamble(input);
    }
}
