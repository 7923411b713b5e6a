package dev.tern.cli;

import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Hidden: the training run the launcher records the JDK's AOT cache from ({@code -XX:AOTCacheOutput}).
 * It goes through the real {@code tern run} path — config, assembly, provider, streaming, tools,
 * session log — against an in-process simulator in a scratch workspace, so the classes a real run
 * needs are loaded and linked ahead of time.
 */
@Command(name = "__train", hidden = true)
public final class TrainCommand implements Callable<Integer> {

    static final String SCENARIO = """
            {"name": "train", "steps": [
              {"toolCalls": [{"name": "list_dir", "arguments": {"path": "."}},
                             {"name": "read_file", "arguments": {"path": "a.txt"}},
                             {"name": "write_file", "arguments": {"path": "b.txt", "content": "b"}},
                             {"name": "edit_file", "arguments": {"path": "a.txt", "old_text": "a", "new_text": "c"}}]},
              {"text": "trained"}]}""";

    @CommandLine.Option(names = "--serve", description = "Train tern serve's cache instead: the gateway on a loopback port, "
            + "answering streamed and whole chat completions, its health, readiness and metrics")
    boolean serve;

    @CommandLine.Option(names = "--chat", description = "Train tern chat's cache instead: tern run's training and the line editor")
    boolean chat;

    @Override
    public Integer call() throws Exception {
        Path ws = Files.createTempDirectory("tern-train");
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(SCENARIO)).build())) {
            if (serve) {
                ServeTraining.run(ws, sim.baseUrl() + "/v1");
                return 0;
            }
            Files.writeString(ws.resolve("a.txt"), "a");
            // the response cache on, and the last run repeats the one before it: its answer comes from the disk tier
            Files.writeString(ws.resolve("config.json"), "{\"responseCache\": {\"enabled\": true}}");
            for (String model : new String[] {"sim:train", "echo", "echo"}) {
                RunCommand run = new RunCommand();
                run.env = Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "train");
                run.out = sink;
                run.errStream = sink;
                run.interactive = false;
                run.stdinTerminal = true;
                run.interrupts = Interrupts.none(sink);
                new CommandLine(run).execute("--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                        "--model", model, "--permission-mode", "bypassPermissions", "--stats", "train");
            }
            if (chat) trainLineEditor(ws);
        } finally {
            try (Stream<Path> files = Files.walk(ws)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    /**
     * tern chat's line editor: JLine's reader over a terminal on streams (the training has no terminal), as
     * ChatCommand builds it. Only in chat's own cache: in the one every tern run loads at start, its classes made the
     * first request ~20 ms later (1.056x in 14 interleaved pairs) for ~0.12 s less to chat's prompt.
     */
    private static void trainLineEditor(Path ws) throws Exception {
        // a pipe left open while the line is read: at the end of a stream JLine reports end of input first
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        keys.write("hello\r".getBytes(StandardCharsets.UTF_8));
        keys.flush();
        try (keys; Terminal t = TerminalBuilder.builder().system(false).streams(in, OutputStream.nullOutputStream())
                .type("xterm-256color").encoding(StandardCharsets.UTF_8).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(t).appName("tern")
                    .variable(LineReader.HISTORY_FILE, ws.resolve("chat-history"))
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "...> ").build();
            String line = ChatCommand.readMultiLine(reader, "you> ");
            if (!"hello".equals(line)) throw new IllegalStateException("the line editor read " + line + ", not hello");
        }
    }
}
