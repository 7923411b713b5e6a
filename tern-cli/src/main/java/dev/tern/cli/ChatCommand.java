package dev.tern.cli;

import dev.tern.runtime.Budget;
import dev.tern.runtime.RuntimeOptions;
import dev.tern.runtime.SetupException;
import dev.tern.runtime.WorkspaceRuntime;

import dev.tern.model.ModelException;
import dev.tern.workspace.config.ConfigException;
import dev.tern.workspace.permission.PermissionDecision;
import dev.tern.workspace.permission.PermissionMode;
import dev.tern.workspace.permission.PermissionPrompter;
import java.io.PrintStream;
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
import picocli.CommandLine.Option;

/** {@code tern chat}: the interactive REPL (JLine: history, line editing, multi-line with a trailing backslash). */
@Command(name = "chat", mixinStandardHelpOptions = true, description = "Chat with the agent in a workspace.")
public final class ChatCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    WorkspaceOptions opts = new WorkspaceOptions();

    @Option(names = "--session", description = "session to resume (default: cli:default)", defaultValue = "cli:default")
    String session;

    @Option(names = "--no-cache", description = "do not answer from the response cache (fresh answers still replace stored ones)")
    boolean noCache;

    @Override
    public Integer call() throws Exception {
        Path ws = opts.workspace();
        if (!Files.isDirectory(ws)) {
            System.err.println("tern: workspace is not a folder: " + ws);
            return RunCommand.SETUP;
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).encoding(StandardCharsets.UTF_8).build()) {
            Path history = ws.resolve(".tern").resolve("chat-history");
            Files.createDirectories(history.getParent());
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("tern")
                    .variable(LineReader.HISTORY_FILE, history).variable(LineReader.SECONDARY_PROMPT_PATTERN, "...> ")
                    .build();
            PrintStream out = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
            PermissionPrompter prompter = request -> {
                String a = reader.readLine(request.agent() + " wants to run " + request.tool() + ": " + request.summary()
                        + "\n  allow? [y]es / [a]lways / [N]o: ");
                return switch (a.strip().toLowerCase()) {
                    case "y", "yes" -> PermissionDecision.ALLOW_ONCE;
                    case "a", "always" -> PermissionDecision.ALLOW_ALWAYS;
                    default -> PermissionDecision.DENY;
                };
            };
            PermissionMode mode = opts.permissionMode();
            try (WorkspaceRuntime tern = WorkspaceRuntime.open(new RuntimeOptions(ws, opts.config, opts.model, mode, prompter, null, null, System.getenv(),
                    new Budget(0, 0, 0, java.util.List.of(), w -> terminal.writer().println("warning: " + w)), noCache))) {
                tern.warnings().forEach(w -> out.println("config: " + w));
                boolean live = !"dumb".equals(terminal.getType());
                ChatLoop loop = new ChatLoop(tern, session, out, live);
                // Ctrl-C while a turn runs cancels that turn (at the prompt, JLine's own handling applies)
                terminal.handle(Terminal.Signal.INT, s -> {
                    if (loop.cancelTurn()) out.println("\n[cancelling]");
                });
                loop.run(prompt -> readMultiLine(reader, prompt));
                return 0;
            }
        } catch (ModelException | ConfigException | SetupException | IllegalArgumentException e) {
            System.err.println("tern: " + e.getMessage());
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
