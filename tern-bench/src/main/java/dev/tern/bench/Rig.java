package dev.tern.bench;

import dev.tern.agent.Agent;
import dev.tern.http.HttpTransport;
import dev.tern.http.TransportOptions;
import dev.tern.http.Transports;
import dev.tern.llm.ModelGateway;
import dev.tern.metrics.Metrics;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.openai.OpenAiProvider;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;

import java.util.List;

/** A runtime wired the way the CLI wires it (one transport, one gateway, one executor), for benchmarks. */
final class Rig implements AutoCloseable {

    final Metrics metrics = new Metrics();
    final HttpTransport http;
    final OpenAiProvider provider;
    final ModelGateway gateway;
    final ToolExecutor executor = new ToolExecutor(metrics);

    /** On the configured default transport ({@code -Dtern.http.transport}). */
    Rig(String simBaseUrl, int maxConcurrency) {
        this(simBaseUrl, maxConcurrency, Transports.configured());
    }

    /**
     * @param transport a {@link Transports} name
     */
    Rig(String simBaseUrl, int maxConcurrency, String transport) {
        http = Transports.create(transport, TransportOptions.DEFAULT);
        provider = new OpenAiProvider(http, ProviderConfig.of("openai", simBaseUrl + "/v1", "bench").withMaxConcurrency(maxConcurrency));
        gateway = new ModelGateway(provider, metrics);
    }

    Agent.Builder agent(String model, ToolRegistry tools) {
        return Agent.builder("bench").model(model).gateway(gateway).executor(executor).tools(tools).streaming(true);
    }

    /**
     * The transports to compare, from {@code -Dtern.bench.transports=socket,jdk} (default: every transport
     * that speaks to the simulator differently, the configured default first).
     */
    static List<String> transports() {
        String spec = System.getProperty("tern.bench.transports");
        if (spec != null && !spec.isBlank()) return List.of(spec.strip().split("\\s*,\\s*"));
        // the simulator speaks HTTP/1.1 on plain http, where "jetty" is the socket transport: not a candidate
        String first = Transports.configured();
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), Transports.names().stream()
                .filter(n -> !n.equals(first) && !n.equals(Transports.JETTY))).toList();
    }

    @Override
    public void close() { http.close(); }
}
