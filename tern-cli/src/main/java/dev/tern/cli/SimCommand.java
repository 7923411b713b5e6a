package dev.tern.cli;

import dev.tern.sim.SimConfig;
import dev.tern.sim.SimMain;
import dev.tern.sim.SimServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code tern sim}: the OpenAI- and Anthropic-compatible simulator on loopback (options as {@code SimMain}). */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Serve the LLM simulator on 127.0.0.1 (OpenAI /v1/chat/completions, /v1/embeddings, batches;",
                "Anthropic /v1/messages, batches). Prints the base URL, then serves until interrupted.",
                "Options: [--port N] [--scenario FILE|DIR...] [--scenario-dir DIR] [--ttft-ms N] [--token-ms N]",
                "  [--api-key KEY] [--request-log N] [--request-log-bytes N] [--context-window [MODEL=]N]...",
                "  [--batch-ms N] [--batch-expiry-ms N] [--batch-fail REGEX] [--embedding-dimensions N]",
                "  [--http2]   also speak HTTP/2 by prior knowledge (h2c) on the port, as providers speak h2 over TLS",
                "  [--tls-keystore P12 --tls-password PW]   speak TLS instead, h2 and http/1.1 by ALPN (https:// base URL)",
                "Scenario format and every option: docs/SIMULATOR.md."})
public final class SimCommand implements Callable<Integer> {

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        List<String> a = new ArrayList<>(args);
        if (!a.contains("--port")) a.addAll(0, List.of("--port", "8089"));
        SimConfig config;
        try {
            config = SimMain.parse(a.toArray(String[]::new));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            System.err.println("tern sim: " + e.getMessage() + " (see tern sim --help)");
            return 2;
        }
        SimServer server = SimServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sim-shutdown"));
        System.out.println(server.baseUrl());
        System.err.println("tern sim: OpenAI base URL " + server.baseUrl() + "/v1, Anthropic base URL " + server.baseUrl()
                + "; stats at " + server.baseUrl() + "/sim/stats" + (config.http2() ? "; HTTP/1.1 and h2c (TERN_HTTP_TRANSPORT=h2c)" : ""));
        new CountDownLatch(1).await();
        return 0;
    }
}
