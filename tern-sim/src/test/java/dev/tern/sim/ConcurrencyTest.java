package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ConcurrencyTest {

    @Test
    void twoHundredConcurrentConversationsEachGetTheirOwnStepsAndResults() throws Exception {
        Scenario s = Scenario.parse("""
                {"name": "multi", "latency": {"ttftMs": 20, "tokenMs": 1}, "steps": [
                  {"toolCalls": [{"name": "lookup", "arguments": {"q": "a"}}, {"name": "fetch", "arguments": {"q": "b"}}]},
                  {"toolCalls": [{"name": "summarize", "arguments": {}}]},
                  {"text": "user={{user}} last={{toolResults}} lookup={{toolResult:lookup}}"}
                ]}""");
        try (SimServer server = SimServer.start(SimConfig.builder().scenario(s).build());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            SimClient client = new SimClient(server);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                answers.add(pool.submit(() -> conversation(client, n, n % 2 == 0)));
            }
            for (int i = 0; i < 200; i++)
                assertThat(answers.get(i).get()).isEqualTo("user=task " + i + " last=sum-" + i + " lookup=L" + i);
            assertThat(server.stats().scenario("multi")).isEqualTo(600);
            assertThat(server.stats().toolCalls()).isEqualTo(600);
            assertThat(server.stats().maxInFlight()).isGreaterThan(1);
            assertThat(server.stats().status(200)).isEqualTo(600); // counted before the response leaves
            // the in-flight gauge drops after the last byte is sent, so the client may be a moment ahead
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 0);
            assertThat(server.stats().streams()).isEqualTo(300);
        }
    }

    private static String conversation(SimClient client, int n, boolean stream) throws Exception {
        ObjectNode req = SimClient.openAiRequest("sim:multi", "task " + n);
        JsonNode a1 = message(client, req, stream);
        SimClient.appendOpenAiTurn(req, a1, List.of("L" + n, "F" + n));
        JsonNode a2 = message(client, req, stream);
        SimClient.appendOpenAiTurn(req, a2, List.of("sum-" + n));
        return message(client, req, stream).get("content").stringValue();
    }

    /** One call; streamed answers are rebuilt into a message like the non-streamed one. */
    private static JsonNode message(SimClient client, ObjectNode req, boolean stream) throws Exception {
        ObjectNode copy = req.deepCopy();
        if (!stream) return SimClient.json(client.openAi(copy.toString())).get("choices").get(0).get("message");
        copy.put("stream", true);
        ObjectNode msg = SimClient.JSON.createObjectNode().put("role", "assistant");
        StringBuilder text = new StringBuilder();
        List<ObjectNode> calls = new ArrayList<>();
        List<StringBuilder> args = new ArrayList<>();
        for (SimClient.Event e : SimClient.events(client.openAi(copy.toString()).body())) {
            if (e.data().equals("[DONE]")) break;
            JsonNode delta = e.json().get("choices").get(0).get("delta");
            if (delta.has("content") && !delta.get("content").isNull()) text.append(delta.get("content").stringValue());
            if (!delta.has("tool_calls")) continue;
            for (JsonNode tc : delta.get("tool_calls")) {
                int i = tc.get("index").asInt();
                if (i == calls.size()) {
                    ObjectNode c = SimClient.JSON.createObjectNode().put("id", tc.get("id").stringValue()).put("type", "function");
                    c.putObject("function").put("name", tc.get("function").get("name").stringValue());
                    calls.add(c);
                    args.add(new StringBuilder());
                }
                args.get(i).append(tc.get("function").get("arguments").stringValue());
            }
        }
        if (calls.isEmpty()) msg.put("content", text.toString());
        else {
            msg.putNull("content");
            var arr = msg.putArray("tool_calls");
            for (int i = 0; i < calls.size(); i++) {
                ((ObjectNode) calls.get(i).get("function")).put("arguments", args.get(i).toString());
                arr.add(calls.get(i));
            }
        }
        return msg;
    }
}
