package dev.tern.cli;

import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tern sim}: the OpenAI- and Anthropic-compatible simulator on loopback. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Serve the LLM simulator on 127.0.0.1 (OpenAI /v1/chat/completions and Anthropic /v1/messages).",
                "Prints the base URL, then serves until interrupted. Scenario format: docs/SIMULATOR.md."})
public final class SimCommand implements Callable<Integer> {

    @Option(names = "--port", description = "port (0 = any free port)", defaultValue = "8089")
    int port;

    @Option(names = "--scenario", description = "scenario JSON file(s) or folder(s)")
    List<Path> scenarios = new ArrayList<>();

    @Option(names = "--ttft-ms", description = "time to first token", defaultValue = "0")
    long ttftMs;

    @Option(names = "--token-ms", description = "delay per output token", defaultValue = "0")
    long tokenMs;

    @Option(names = "--api-key", description = "require this API key")
    String apiKey;

    @Override
    public Integer call() throws InterruptedException {
        SimConfig.Builder b = SimConfig.builder().port(port).latency(ttftMs, tokenMs).apiKey(apiKey);
        for (Path p : scenarios) {
            try {
                b.scenarios(Scenario.loadAll(p));
            } catch (RuntimeException e) {
                System.err.println("tern sim: " + e.getMessage());
                return 3;
            }
        }
        SimServer server = SimServer.start(b.build());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sim-shutdown"));
        System.out.println(server.baseUrl());
        System.err.println("tern sim: OpenAI base URL " + server.baseUrl() + "/v1, Anthropic base URL " + server.baseUrl()
                + "; stats at " + server.baseUrl() + "/sim/stats");
        new CountDownLatch(1).await();
        return 0;
    }
}
