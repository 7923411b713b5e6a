package dev.tern.serve.cli;

import dev.tern.runtime.SetupException;
import dev.tern.serve.Gateway;
import dev.tern.serve.turn.ResponderSource;
import dev.tern.workspace.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tern serve [--host 127.0.0.1] [--port 8080] [--workspace DIR] [--config FILE]}: runs the gateway until
 * SIGTERM/SIGINT, then drains (running turns finish up to {@code serve.drainTimeoutSeconds}, the rest are
 * cancelled) and exits. Prints one line when listening; logs go to {@code .tern/logs/serve.log}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the workspace over HTTP: OpenAI-compatible API, web UI, MCP, metrics; channels and cron.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", description = "address to listen on (default: serve.host, else 127.0.0.1)")
    String host;

    @Option(names = "--port", description = "port (default: serve.port, else 8080; 0 = any free port)")
    Integer port;

    @Option(names = {"-w", "--workspace"}, description = "workspace folder (default: the current directory)")
    Path workspace;

    @Option(names = {"-c", "--config"}, description = "config file (default: ~/.tern/config.json)")
    Path config;

    /** For a gateway in a process of its own (benchmarks, tests): {@code java -cp ... dev.tern.serve.cli.ServeCommand ...}. */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new ServeCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path ws = (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
        if (!Files.isDirectory(ws)) {
            System.err.println("tern: workspace is not a folder: " + ws);
            return 3;
        }
        Path log = ServeLogging.install(ws);
        Gateway g;
        try {
            g = Gateway.start(new Gateway.Options(ws, config, host, port, System.getenv(), sources(), true, null));
        } catch (SetupException | ConfigException | IllegalArgumentException e) {
            System.err.println("tern: " + e.getMessage());
            return 3;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            g.close();
            stopped.countDown();
        }, "tern-serve-drain"));
        g.warnings().forEach(w -> System.err.println("tern serve: " + w));
        List<String> channels = g.channels() == null ? List.of() : g.channels().running();
        System.err.println("tern serve: listening on " + g.baseUrl() + " (workspace " + ws + ", "
                + (g.auth().open() ? "no tokens: loopback only" : g.auth().size() + " token(s)")
                + (channels.isEmpty() ? "" : "; channels " + String.join(", ", channels)) + "; log " + log + ")");
        stopped.await();
        return 0;
    }

    /** Agents and workflows that other modules contribute (ServiceLoader), besides the default agent. */
    static List<ResponderSource> sources() {
        return ServiceLoader.load(ResponderSource.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
