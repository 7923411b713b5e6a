package dev.tern.workspace.testutil;

import dev.tern.model.ModelProvider;
import dev.tern.http.HttpTransport;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.openai.OpenAiProvider;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.time.Duration;

/** The model simulator on loopback plus a real OpenAI-wire provider talking to it. */
public final class Sim implements AutoCloseable {

    public final SimServer server = SimServer.start(SimConfig.builder().build());
    private final HttpTransport transport = dev.tern.http.Transports.create(dev.tern.http.TransportOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(5)));
    public final ModelProvider provider = new OpenAiProvider(transport, ProviderConfig.of("openai", server.baseUrl() + "/v1", "sk-sim"));

    /** Adds a scenario; returns its model id {@code sim:<name>}. */
    public String scenario(String name, String stepsJson) {
        server.addScenario(Scenario.parse("{\"name\":\"" + name + "\",\"steps\":" + stepsJson + "}"));
        return "sim:" + name;
    }

    @Override
    public void close() {
        server.close();
        transport.close();
    }
}
