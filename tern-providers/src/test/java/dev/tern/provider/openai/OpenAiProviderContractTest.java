package dev.tern.provider.openai;

import dev.tern.model.ModelProvider;
import dev.tern.provider.HttpModelProvider;
import dev.tern.provider.ProviderContractTest;
import dev.tern.http.HttpTransport;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.sim.SimServer;

class OpenAiProviderContractTest extends ProviderContractTest {

    @Override
    protected HttpModelProvider create(HttpTransport transport, ProviderConfig config) {
        return new OpenAiProvider(transport, config);
    }

    @Override
    protected ProviderConfig config(SimServer server) {
        return ProviderConfig.of("openai", server.baseUrl() + "/v1", "sk-sim");
    }
}
