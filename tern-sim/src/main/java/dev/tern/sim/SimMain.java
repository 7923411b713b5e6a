package dev.tern.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: {@code SimMain [--port N] [--scenario FILE...] [--ttft-ms N] [--token-ms N] [--api-key K]}.
 * Prints the base URL on stdout and serves until killed.
 */
public final class SimMain {

    private SimMain() { }

    public static void main(String[] args) throws InterruptedException {
        SimConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("tern sim: " + e.getMessage());
            System.err.println("usage: sim [--port N] [--scenario FILE...] [--ttft-ms N] [--token-ms N] [--api-key KEY]");
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
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        return b.latency(ttft, token).scenarios(scenarios).build();
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
