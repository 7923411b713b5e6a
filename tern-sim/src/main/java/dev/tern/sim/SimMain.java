package dev.tern.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Command line: {@code SimMain [--port N] [--scenario FILE|DIR...] [--scenario-dir DIR] [--ttft-ms N] [--token-ms N]
 * [--api-key K] [--request-log N] [--request-log-bytes N] [--context-window [MODEL=]N]... [--batch-ms N] [--batch-expiry-ms N]
 * [--batch-fail REGEX] [--embedding-dimensions N] [--http2] [--tls-keystore P12 --tls-password PW]}. Prints the base URL on stdout and serves until killed.
 */
public final class SimMain {

    static final String USAGE = "usage: sim [--port N] [--scenario FILE|DIR...] [--scenario-dir DIR] [--ttft-ms N] "
            + "[--token-ms N] [--api-key KEY] [--request-log N] [--request-log-bytes N] [--context-window [MODEL=]N]... "
            + "[--batch-ms N] "
            + "[--batch-expiry-ms N] [--batch-fail REGEX] [--embedding-dimensions N] [--http2] [--tls-keystore P12 --tls-password PW]";

    private SimMain() { }

    public static void main(String[] args) throws InterruptedException {
        SimConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            System.err.println("tern sim: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        SimServer server = SimServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sim-shutdown"));
        System.out.println(server.baseUrl());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /** Parses the arguments; throws {@link IllegalArgumentException} with a one-line reason. */
    public static SimConfig parse(String[] args) {
        SimConfig.Builder b = SimConfig.builder();
        long ttft = 0;
        long token = 0;
        List<Scenario> scenarios = new ArrayList<>();
        int logEntries = SimConfig.DEFAULT_REQUEST_LOG;
        int logBytes = SimConfig.DEFAULT_REQUEST_LOG_BYTES;
        Path tlsStore = null;
        String tlsPassword = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port" -> b.port(intArg(args, ++i, a));
                case "--ttft-ms" -> ttft = intArg(args, ++i, a);
                case "--token-ms" -> token = intArg(args, ++i, a);
                case "--api-key" -> b.apiKey(arg(args, ++i, a));
                case "--scenario" -> {
                    scenarios.addAll(Scenario.loadAll(Path.of(arg(args, ++i, a))));
                    while (i + 1 < args.length && !args[i + 1].startsWith("--"))
                        scenarios.addAll(Scenario.loadAll(Path.of(args[++i])));
                }
                case "--scenario-dir" -> {
                    Path dir = Path.of(arg(args, ++i, a));
                    if (!Files.isDirectory(dir)) throw new IllegalArgumentException(a + ": '" + dir + "' is not a directory");
                    b.scenarioDir(dir);
                }
                case "--request-log" -> {
                    logEntries = intArg(args, ++i, a);
                    b.requestLog(logEntries, logBytes);
                }
                case "--request-log-bytes" -> {
                    logBytes = intArg(args, ++i, a);
                    b.requestLog(logEntries, logBytes);
                }
                case "--context-window" -> contextWindow(b, arg(args, ++i, a));
                case "--batch-ms" -> b.batchProcessing(Duration.ofMillis(intArg(args, ++i, a)));
                case "--batch-expiry-ms" -> {
                    int ms = intArg(args, ++i, a);
                    if (ms == 0) throw new IllegalArgumentException(a + " needs a positive integer");
                    b.batchExpiry(Duration.ofMillis(ms));
                }
                case "--batch-fail" -> {
                    String re = arg(args, ++i, a);
                    try {
                        Pattern.compile(re);
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException(a + ": bad regex: " + e.getDescription());
                    }
                    b.batchFailures(re);
                }
                case "--embedding-dimensions" -> {
                    int n = intArg(args, ++i, a);
                    if (n == 0) throw new IllegalArgumentException(a + " needs a positive integer");
                    b.embeddingDimensions(n);
                }
                case "--http2" -> b.http2(true);
                case "--tls-keystore" -> tlsStore = Path.of(arg(args, ++i, a));
                case "--tls-password" -> tlsPassword = arg(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (tlsStore != null) {
            if (!Files.isRegularFile(tlsStore)) throw new IllegalArgumentException("--tls-keystore: no file '" + tlsStore + "'");
            b.tls(tlsStore, tlsPassword == null ? "" : tlsPassword);
        }
        return b.latency(ttft, token).scenarios(scenarios).build();
    }

    /** {@code N} (every model) or {@code MODEL=N} (a model string or scenario name). */
    private static void contextWindow(SimConfig.Builder b, String v) {
        int eq = v.lastIndexOf('=');
        String digits = eq < 0 ? v : v.substring(eq + 1);
        long n;
        try {
            n = Long.parseLong(digits);
            if (n < 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--context-window needs N or MODEL=N with a non-negative integer N, got '"
                    + v + "'");
        }
        if (eq < 0) b.contextWindow(n);
        else b.contextWindow(v.substring(0, eq), n);
    }

    private static String arg(String[] args, int i, String flag) {
        if (i >= args.length) throw new IllegalArgumentException(flag + " needs a value");
        return args[i];
    }

    private static int intArg(String[] args, int i, String flag) {
        String v = arg(args, i, flag);
        try {
            int n = Integer.parseInt(v);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a non-negative integer, got '" + v + "'");
        }
    }
}
