package dev.tern.memory.responses;

import dev.tern.cancel.Cancellation;
import dev.tern.llm.ModelGateway;
import dev.tern.llm.ModelInterceptor;
import dev.tern.metrics.Metrics;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.StreamListener;
import dev.tern.http.HttpTransport;
import dev.tern.provider.openai.OpenAiProvider;
import dev.tern.run.AgentEvent;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.sim.SimServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real gateway with the OpenAI provider against the simulator, and the events of the calls made through it. */
final class SimGateway implements AutoCloseable {

    final SimServer sim;
    final HttpTransport http = HttpTransport.create();
    final Metrics metrics = new Metrics();
    final ModelGateway gateway;
    final List<AgentEvent> events = new CopyOnWriteArrayList<>();

    SimGateway(SimServer sim) {
        this.sim = sim;
        this.gateway = new ModelGateway(OpenAiProvider.fromEnv(http, Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1",
                "OPENAI_API_KEY", "test")), metrics);
    }

    SimGateway with(ModelInterceptor i) {
        gateway.addInterceptor(i);
        return this;
    }

    RunContext run(String id) {
        return new RunContext(id, "main", "s-" + id, null, new Events(id, "main", List.of(events::add)),
                Cancellation.create(), new ConcurrentHashMap<>());
    }

    ChatResponse call(ChatRequest r) { return call(r, run("r"), false, StreamListener.NONE); }

    ChatResponse call(ChatRequest r, RunContext run, boolean stream, StreamListener listener) {
        return gateway.call(r, new ModelInterceptor.CallContext(run, 1, stream, listener));
    }

    /** Chat requests the simulator answered. */
    long providerCalls() {
        return sim.stats().byEndpoint().getOrDefault("POST /v1/chat/completions", 0L);
    }

    @Override
    public void close() {
        http.close();
        sim.close();
    }
}
