package dev.tern.provider.anthropic;

import dev.tern.model.ModelProvider;
import dev.tern.provider.ProviderContractTest;
import dev.tern.provider.http.HttpTransport;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.sim.SimServer;

class AnthropicProviderContractTest extends ProviderContractTest {

    @Override
    protected ModelProvider create(HttpTransport transport, ProviderConfig config) {
        return new AnthropicProvider(transport, config);
    }

    @Override
    protected ProviderConfig config(SimServer server) {
        return ProviderConfig.of("anthropic", server.baseUrl(), "sk-ant-sim");
    }
}
