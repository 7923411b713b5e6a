package dev.tern.cli;

import dev.tern.logging.TernLogging;
import dev.tern.model.ModelException;
import dev.tern.runtime.RuntimeOptions;
import dev.tern.runtime.SetupException;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.store.StoreException;
import dev.tern.workspace.config.ConfigException;
import dev.tern.workspace.permission.PermissionMode;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tern chat}: the interactive REPL (JLine: history, line editing, multi-line with a trailing backslash). */
@Command(name = "chat", mixinStandardHelpOptions = true, description = {"Chat with the agent in a workspace.",
        "Sessions: --session KEY (default cli:default), --continue (the most recent), --resume KEY; /sessions and /resume inside."})
public final class ChatCommand implements Callable<Integer> {

    @Mixin WorkspaceOptions opts = new WorkspaceOptions();
    @Mixin ProviderOptions provider = new ProviderOptions();
    @Mixin SessionOptions sessions = new SessionOptions();
    @Mixin LimitOptions limits = new LimitOptions();
    @Mixin AgentOptions agentOptions = new AgentOptions();
    @Mixin OutputOptions output = new OutputOptions();

    /**
     * The system terminal, through JLine's JNI provider first: its default, the FFM one, spins its downcall handles at
     * start (the prompt came ~0.18 s later in a pseudo-terminal, 5 starts each, docs/BENCHMARKS.md); FFM, then exec,
     * where the native library cannot load. {@code -Dorg.jline.terminal.providers=...} still chooses.
     */
    static Terminal terminal() throws java.io.IOException {
        TerminalBuilder b = TerminalBuilder.builder().system(true).encoding(StandardCharsets.UTF_8);
        if (System.getProperty(TerminalBuilder.PROP_PROVIDERS) == null && System.getProperty(TerminalBuilder.PROP_PROVIDER) == null) {
            b.providers("jni,ffm,exec");
        }
        return b.build();
    }

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        Path ws;
        RuntimeOptions options;
        try (Terminal terminal = terminal()) {
            PrintStream out = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
            boolean live = !"dumb".equals(terminal.getType());
            TernLogging.configure(output.verbosity(), line -> out.println(line));
            try {
                ws = opts.workspace(err);
                String problem = WorkspaceOptions.problem(ws);
                if (problem != null) {
                    err.println("tern: " + problem);
                    return RunCommand.SETUP;
                }
                PermissionMode mode = opts.permissionMode();
                // the question is read on the asking thread with short timeouts: Ctrl-C withdraws it, and a
                // withdrawn question never eats the next line typed at the prompt
                ConsolePrompter prompter = new ConsolePrompter(new TerminalLines(terminal.reader()), out, live);
                options = new RuntimeOptions(ws, opts.config, opts.model, mode, prompter, limits.maxIterations, limits.timeout(),
                        provider.apply(System.getenv(), opts.model), limits.budget(w -> out.println("warning: " + w)))
                        .withNoCache(provider.noCache);
            } catch (IllegalArgumentException e) {
                err.println("tern: " + e.getMessage());
                err.println("Try 'tern chat --help' for the options.");
                return RunCommand.USAGE;
            } catch (UncheckedIOException e) {
                err.println("tern: " + e.getMessage());
                return RunCommand.SETUP;
            }
            Path history = ws.resolve(".tern").resolve("chat-history");
            Files.createDirectories(history.getParent());
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("tern")
                    .variable(LineReader.HISTORY_FILE, history).variable(LineReader.SECONDARY_PROMPT_PATTERN, "...> ")
                    .build();
            try (WorkspaceRuntime tern = WorkspaceRuntime.open(options.withStatus(out::println))) {
                tern.warnings().forEach(w -> out.println("config: " + w));
                String key = sessions.key(tern.sessions(), "cli:default");
                ChatLoop loop = new ChatLoop(tern, agentOptions.agent(tern, provider.noStream, out), key, out, live, output.stats);
                // Ctrl-C while a turn runs cancels that turn (at the prompt, JLine's own handling applies)
                terminal.handle(Terminal.Signal.INT, s -> {
                    if (loop.cancelTurn()) out.println("\n[cancelling]");
                });
                loop.run(prompt -> readMultiLine(reader, prompt));
                return 0;
            }
        } catch (IllegalArgumentException e) {
            err.println("tern: " + e.getMessage());
            return RunCommand.USAGE;
        } catch (ModelException | ConfigException | SetupException | StoreException e) {
            err.println("tern: " + e.getMessage());
            return RunCommand.SETUP;
        }
    }

    /** One input: lines ending with a backslash continue on the next line. Null at end of input. */
    static String readMultiLine(LineReader reader, String prompt) {
        StringBuilder b = new StringBuilder();
        String p = prompt;
        while (true) {
            String line;
            try {
                line = reader.readLine(p);
            } catch (UserInterruptException e) {
                return b.isEmpty() ? "/exit" : "";
            } catch (EndOfFileException e) {
                return b.isEmpty() ? null : b.toString();
            }
            if (line.endsWith("\\")) {
                b.append(line, 0, line.length() - 1).append('\n');
                p = "...> ";
                continue;
            }
            return b.append(line).toString();
        }
    }
}
