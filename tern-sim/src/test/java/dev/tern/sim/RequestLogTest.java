package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class RequestLogTest {

    @Test
    void keepsWhatEachApiRequestCarried() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().apiKey("sk-secret-key-123").build())) {
            SimClient c = new SimClient(server);
            ObjectNode openAi = SimClient.openAiRequest("gpt-4o", "what did we decide?");
            ((tools.jackson.databind.node.ArrayNode) openAi.get("messages")).insertObject(0)
                    .put("role", "system").put("content", "Recalled past task: ship the batch API on Friday.");
            c.openAi(openAi.toString(), "authorization", "Bearer sk-secret-key-123", "x-sim-scenario", "echo");
            ObjectNode anthropic = SimClient.anthropicRequest("claude-x", "and then?");
            anthropic.put("system", "memory: the user prefers short answers");
            c.anthropic(anthropic.toString(), "x-api-key", "sk-secret-key-123");
            c.get("/sim/stats"); // admin routes are not logged

            List<SimRequest> all = server.requests();
            assertThat(all).hasSize(2);
            SimRequest first = all.get(0);
            assertThat(first.method()).isEqualTo("POST");
            assertThat(first.path()).isEqualTo("/v1/chat/completions");
            assertThat(first.model()).isEqualTo("gpt-4o");
            assertThat(first.scenario()).isEqualTo("echo");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.system()).isEqualTo("Recalled past task: ship the batch API on Friday.");
            assertThat(first.messages()).containsExactly(new SimRequest.Message("user", "what did we decide?"));
            assertThat(first.contains("ship the batch API")).isTrue();
            assertThat(first.inputTokens()).isPositive().isLessThan(100);
            assertThat(first.headers()).containsEntry("authorization", "***").containsEntry("x-sim-scenario", "echo");
            assertThat(first.body()).isEqualTo(openAi.toString());
            assertThat(first.truncated()).isFalse();
            SimRequest second = all.get(1);
            assertThat(second.path()).isEqualTo("/v1/messages");
            assertThat(second.system()).isEqualTo("memory: the user prefers short answers");
            assertThat(second.headers()).containsEntry("x-api-key", "***").containsEntry("anthropic-version", "2023-06-01");
            assertThat(second.seq()).isGreaterThan(first.seq());
            assertThat(server.requests(1)).extracting(SimRequest::path).containsExactly("/v1/messages");

            JsonNode overHttp = SimClient.json(c.get("/sim/requests?last=1")).get("requests");
            assertThat(overHttp).hasSize(1);
            assertThat(overHttp.get(0).get("system").stringValue()).isEqualTo("memory: the user prefers short answers");
            assertThat(overHttp.get(0).get("messages").get(0).get("text").stringValue()).isEqualTo("and then?");
            assertThat(SimClient.json(c.get("/sim/requests")).get("requests")).hasSize(2);

            assertThat(c.post("/sim/reset", "").statusCode()).isEqualTo(200);
            assertThat(server.requests()).isEmpty();
            assertThat(SimClient.json(c.get("/sim/requests")).get("requests")).isEmpty();
        }
    }

    @Test
    void rejectedRequestsAreLoggedWithTheirStatus() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().apiKey("k").build())) {
            SimClient c = new SimClient(server);
            c.openAi(SimClient.openAiRequest("m", "x").toString()); // no key
            c.openAi("{not json", "authorization", "Bearer k");
            assertThat(server.requests()).extracting(SimRequest::status).containsExactly(401, 400);
            assertThat(server.requests().get(1).model()).isNull();
            assertThat(server.requests().get(1).body()).isEqualTo("{not json");
        }
    }

    @Test
    void isBoundedInEntriesAndBodyBytes() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().requestLog(3, 64).build())) {
            SimClient c = new SimClient(server);
            for (int i = 0; i < 5; i++) c.openAi(SimClient.openAiRequest("m", "message number " + i).toString());
            List<SimRequest> kept = server.requests();
            assertThat(kept).hasSize(3);
            assertThat(kept).extracting(r -> r.messages().get(0).text())
                    .containsExactly("message number 2", "message number 3", "message number 4");
            SimRequest last = kept.get(2);
            assertThat(last.truncated()).isTrue();
            assertThat(last.body()).hasSize(64);
            assertThat(last.bodyBytes()).isGreaterThan(64);
            assertThat(last.contains("message number 4")).as("parsed messages are kept whole").isTrue();
            c.openAi(SimClient.openAiRequest("m", "x".repeat(300)).toString());
            SimRequest huge = server.requests(1).get(0);
            assertThat(huge.messages()).as("bodies over 4 x the cap keep no messages").isEmpty();
            assertThat(huge.model()).isEqualTo("m");
            assertThat(huge.body()).hasSize(64);
        }
        try (SimServer off = SimServer.start(SimConfig.builder().requestLog(0, 0).build())) {
            new SimClient(off).openAi(SimClient.openAiRequest("m", "x").toString());
            assertThat(off.requests()).isEmpty();
        }
    }
}
