package dev.tern.cli;

import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.io.IOException;
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

    /** Whether the last training went through a TLS simulator too (it goes without when one cannot start). */
    boolean trainedOverTls;

    @Override
    public Integer call() throws Exception {
        Path ws = Files.createTempDirectory("tern-train");
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        // real providers are reached over TLS: the client side of the handshake (~900 JDK classes: JSSE, X.509, EC) is
        // archived too, which made a whole tern run against an https server 0.89x as long, one against plain http 1.03x
        TrainingTlsSimulator secure;
        try {
            secure = TrainingTlsSimulator.start(ws);
        } catch (IOException e) {
            secure = null; // no keytool or no simulator: trained without TLS, the handshake's classes load at first use
        }
        // the TLS simulator is the training's only TLS peer; the properties are put back after it (tests run it in their JVM)
        Map<String, String> properties = new java.util.HashMap<>();
        if (secure != null) {
            properties.putAll(Map.of("javax.net.ssl.trustStore", secure.trustStore().toString(),
                    "javax.net.ssl.trustStorePassword", TrainingTlsSimulator.PASSWORD, "javax.net.ssl.trustStoreType", "PKCS12"));
        }
        if (serve) properties.put(dev.tern.http.Transports.PROPERTY, dev.tern.http.Transports.JETTY); // as the launcher starts it
        Map<String, String> before = setProperties(properties);
        trainedOverTls = false;
        try (TrainingTlsSimulator tls = secure;
             SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(SCENARIO)).build())) {
            if (serve) {
                CommandLines.of(dev.tern.serve.cli.ServeCommand.class);   // its model's classes, as a start builds them
                ServeTraining.run(Files.createDirectories(ws.resolve("plain")), sim.baseUrl() + "/v1");
                if (tls != null) ServeTraining.run(Files.createDirectories(ws.resolve("tls")), tls.baseUrl() + "/v1");
                trainedOverTls = tls != null;
                return 0;
            }
            Files.writeString(ws.resolve("a.txt"), "a");
            // the response cache on, and the last run repeats the one before it: its answer comes from the disk tier
            Files.writeString(ws.resolve("config.json"), "{\"responseCache\": {\"enabled\": true}}");
            train(ws, sim.baseUrl(), sink, "train", "sim:train", "echo", "echo");
            if (tls != null) train(ws, tls.baseUrl(), sink, "train over TLS", "echo"); // not the cached answer: a request
            trainedOverTls = tls != null;
            if (chat) {
                CommandLines.of(ChatCommand.class);
                trainLineEditor(ws);
            }
        } finally {
            setProperties(before);
            try (Stream<Path> files = Files.walk(ws)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    /** The real tern run path against the simulator at {@code baseUrl}, once per model. */
    private static void train(Path ws, String baseUrl, PrintStream sink, String task, String... models) {
        for (String model : models) {
            RunCommand run = new RunCommand();
            run.env = Map.of("OPENAI_BASE_URL", baseUrl + "/v1", "OPENAI_API_KEY", "train");
            run.out = sink;
            run.errStream = sink;
            run.interactive = false;
            run.stdinTerminal = true;
            run.interrupts = Interrupts.none(sink);
            int code = CommandLines.of(run).execute("--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                    "--model", model, "--permission-mode", "bypassPermissions", "--stats", task);
            if (code != 0) throw new IllegalStateException("the training run with " + model + " at " + baseUrl + " ended with " + code);
        }
    }

    /** Sets each property (an empty value clears it) and returns what they were, for putting them back. */
    private static Map<String, String> setProperties(Map<String, String> values) {
        Map<String, String> before = new java.util.HashMap<>();
        values.forEach((k, v) -> {
            String old = v.isEmpty() ? System.clearProperty(k) : System.setProperty(k, v);
            before.put(k, old == null ? "" : old);
        });
        return before;
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
