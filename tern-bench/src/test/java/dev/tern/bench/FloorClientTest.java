package dev.tern.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.json.Json;
import dev.tern.llm.ModelInterceptor;
import dev.tern.model.ChatRequest;
import dev.tern.model.Message;
import dev.tern.model.StreamListener;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimRequest;
import dev.tern.sim.SimServer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The floor the overhead bench compares Tern with must do the same job: the same request on the wire, the same answer. */
class FloorClientTest {

    @Test
    void sendsWhatTernSendsAndReadsTheSameAnswer() throws Exception {
        List<Message> history = OverheadBench.history(20);
        var tools = FanoutBench.tools(false, 0).definitions();
        ChatRequest req = ChatRequest.builder("gpt-4o-mini").messages(history).tools(tools).cacheKey("k").build();
        try (SimServer sim = SimServer.start(SimConfig.builder().build());
             Rig rig = new Rig(sim.baseUrl(), 4, "socket");
             FloorClient floor = new FloorClient(sim.baseUrl() + "/v1", "bench")) {
            RunContext ctx = new RunContext("t", "t", "k", null, Events.none("t"), Instant.MAX, new ConcurrentHashMap<>());
            String tern = rig.gateway.call(req, new ModelInterceptor.CallContext(ctx, 1, true, StreamListener.NONE)).message().text();
            String answer = floor.call(FloorClient.body("gpt-4o-mini", FloorClient.messages(history), floor.tools(tools), "k", true)).text();

            assertThat(answer).isEqualTo(tern).startsWith("echo: Question 4");
            List<SimRequest> seen = sim.requests();
            assertThat(seen).hasSize(2);
            assertThat(seen.get(1).headers()).containsEntry("accept", "text/event-stream");
            // the same JSON document (key order and number formatting aside)
            assertThat(Json.MAPPER.readTree(seen.get(1).body())).isEqualTo(Json.MAPPER.readTree(seen.get(0).body()));
        }
    }

    @Test
    void runsTheAgentLoopStreamedAndBlocking() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(ConcurrencyBench.SCENARIO)).build());
             FloorClient floor = new FloorClient(sim.baseUrl() + "/v1", "bench")) {
            var tools = floor.tools(FanoutBench.tools(false, 0).definitions());
            for (boolean stream : new boolean[] {true, false}) {
                sim.clearRequests();
                List<String> args = new java.util.ArrayList<>();
                String answer = floor.run("sim:conc", "task 1", tools, stream, a -> {
                    args.add(a);
                    return "id=" + args.size();
                });

                assertThat(answer).isEqualTo("finished");
                assertThat(args).containsExactly("{\"id\":1}", "{\"id\":2}");
                List<SimRequest> seen = sim.requests();
                assertThat(seen).hasSize(3);
                assertThat(seen.get(2).messages()).extracting(SimRequest.Message::role)
                        .containsExactly("user", "assistant", "tool", "assistant", "tool");
                assertThat(seen.get(2).messages().get(4).text()).isEqualTo("id=2");
            }
        }
    }
}
