package dev.tern.bench;

import dev.tern.agent.Agent;
import dev.tern.metrics.Metrics;
import dev.tern.llm.ModelGateway;
import dev.tern.http.HttpTransport;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.openai.OpenAiProvider;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;

/** A runtime wired the way the CLI wires it (one client, one gateway, one executor), for benchmarks. */
final class Rig implements AutoCloseable {

    final Metrics metrics = new Metrics();
    final HttpTransport http = HttpTransport.create();
    final OpenAiProvider provider;
    final ModelGateway gateway;
    final ToolExecutor executor = new ToolExecutor(metrics);

    Rig(String simBaseUrl, int maxConcurrency) {
        ProviderConfig c = ProviderConfig.of("openai", simBaseUrl + "/v1", "bench");
        c = new ProviderConfig(c.provider(), c.baseUrl(), c.apiKey(), c.connectTimeout(), c.firstByteTimeout(),
                c.idleTimeout(), c.retry(), maxConcurrency, c.headers());
        provider = new OpenAiProvider(http, c);
        gateway = new ModelGateway(provider, metrics);
    }

    Agent.Builder agent(String model, ToolRegistry tools) {
        return Agent.builder("bench").model(model).gateway(gateway).executor(executor).tools(tools).streaming(true);
    }

    @Override
    public void close() { http.close(); }
}
