package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class AnthropicBatchTest {

    static final String[] VERSION = {"anthropic-version", "2023-06-01"};

    static ObjectNode batch(String... customIdAndUserText) {
        ObjectNode root = SimClient.JSON.createObjectNode();
        ArrayNode requests = root.putArray("requests");
        for (int i = 0; i < customIdAndUserText.length; i += 2)
            requests.addObject().put("custom_id", customIdAndUserText[i])
                    .set("params", SimClient.anthropicRequest("sim:writer", customIdAndUserText[i + 1]));
        return root;
    }

    static Map<String, JsonNode> results(HttpResponse<String> r) {
        Map<String, JsonNode> byId = new TreeMap<>();
        SimClient.jsonlByCustomId(r.body()).forEach((id, line) -> byId.put(id, line.get("result")));
        return byId;
    }

    @Test
    void createPollAndReadResults() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder()
                .scenario(Scenario.parse("{\"name\": \"writer\", \"steps\": [{\"text\": \"## {{section}}\"}]}"))
                .batchProcessing(Duration.ofMillis(300)).batchFailures("-fail$").build())) {
            SimClient c = new SimClient(server);
            ObjectNode req = batch("one", "write section Intro", "two", "write section Outro", "three-fail", "x");
            ((ObjectNode) req.get("requests").get(1).get("params")).remove("max_tokens");
            HttpResponse<String> created = c.post("/v1/messages/batches", req.toString(), VERSION);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            JsonNode b = SimClient.json(created);
            String id = b.get("id").stringValue();
            assertThat(id).startsWith("msgbatch_");
            assertThat(b.get("type").stringValue()).isEqualTo("message_batch");
            assertThat(b.get("processing_status").stringValue()).isEqualTo("in_progress");
            assertThat(b.get("request_counts").get("processing").asInt()).isEqualTo(3);
            assertThat(b.get("results_url").isNull()).isTrue();
            assertThat(b.get("ended_at").isNull()).isTrue();
            assertThat(b.get("created_at").stringValue()).endsWith("Z");

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(30)).until(() ->
                    SimClient.json(c.get("/v1/messages/batches/" + id, VERSION)).get("processing_status").stringValue()
                            .equals("ended"));
            JsonNode ended = SimClient.json(c.get("/v1/messages/batches/" + id, VERSION));
            JsonNode counts = ended.get("request_counts");
            assertThat(counts.get("processing").asInt()).isZero();
            assertThat(counts.get("succeeded").asInt()).isEqualTo(1);
            assertThat(counts.get("errored").asInt()).isEqualTo(2);
            assertThat(ended.get("results_url").stringValue()).isEqualTo(server.baseUrl() + "/v1/messages/batches/" + id
                    + "/results");

            HttpResponse<String> r = c.get("/v1/messages/batches/" + id + "/results", VERSION);
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, JsonNode> res = results(r);
            assertThat(res.get("one").get("type").stringValue()).isEqualTo("succeeded");
            assertThat(res.get("one").get("message").get("type").stringValue()).isEqualTo("message");
            assertThat(res.get("one").get("message").get("content").get(0).get("text").stringValue()).isEqualTo("## Intro");
            assertThat(res.get("one").get("message").get("usage").get("output_tokens").asInt()).isPositive();
            JsonNode missingMax = res.get("two");
            assertThat(missingMax.get("type").stringValue()).isEqualTo("errored");
            assertThat(missingMax.get("error").get("type").stringValue()).isEqualTo("error");
            assertThat(missingMax.get("error").get("error").get("type").stringValue()).isEqualTo("invalid_request_error");
            assertThat(missingMax.get("error").get("error").get("message").stringValue()).isEqualTo("max_tokens: Field required");
            assertThat(res.get("three-fail").get("error").get("error").get("type").stringValue()).isEqualTo("api_error");

            assertThat(server.stats().batchItems("succeeded")).isEqualTo(1);
            assertThat(server.stats().endpoint("GET /v1/messages/batches/{id}")).isPositive();
            JsonNode list = SimClient.json(c.get("/v1/messages/batches?limit=5", VERSION));
            assertThat(list.get("data").get(0).get("id").stringValue()).isEqualTo(id);
            assertThat(list.get("first_id").stringValue()).isEqualTo(id);
            assertThat(list.get("has_more").asBoolean()).isFalse();

            JsonNode deleted = SimClient.json(c.send("DELETE", "/v1/messages/batches/" + id, VERSION));
            assertThat(deleted.get("type").stringValue()).isEqualTo("message_batch_deleted");
            assertThat(c.get("/v1/messages/batches/" + id, VERSION).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void cancelAndExpiryFollowTheClock() throws Exception {
        PromptCacheTest.TestClock clock = new PromptCacheTest.TestClock();
        try (SimServer server = SimServer.start(SimConfig.builder().clock(clock)
                .batchProcessing(Duration.ofSeconds(40)).batchExpiry(Duration.ofSeconds(30)).build())) {
            SimClient c = new SimClient(server);
            ObjectNode four = batch("a", "1", "b", "2", "c", "3", "d", "4");
            four.withArray("requests").forEach(r -> ((ObjectNode) r.get("params")).put("model", "m"));
            String cancelled = SimClient.json(c.post("/v1/messages/batches", four.toString(), VERSION)).get("id").stringValue();
            clock.advance(Duration.ofSeconds(10)); // items at 10, 20, 30, 40 s
            JsonNode canceling = SimClient.json(c.post("/v1/messages/batches/" + cancelled + "/cancel", "", VERSION));
            assertThat(canceling.get("processing_status").stringValue()).isEqualTo("canceling");
            assertThat(canceling.get("cancel_initiated_at").stringValue()).endsWith("Z");
            HttpResponse<String> early = c.get("/v1/messages/batches/" + cancelled + "/results", VERSION);
            assertThat(early.statusCode()).isEqualTo(400);
            clock.advance(Duration.ofSeconds(4)); // a cancel takes P/10 = 4 s
            JsonNode ended = SimClient.json(c.get("/v1/messages/batches/" + cancelled, VERSION));
            assertThat(ended.get("processing_status").stringValue()).isEqualTo("ended");
            assertThat(ended.get("request_counts").get("succeeded").asInt()).isEqualTo(1);
            assertThat(ended.get("request_counts").get("canceled").asInt()).isEqualTo(3);
            assertThat(results(c.get("/v1/messages/batches/" + cancelled + "/results", VERSION)).get("d").get("type")
                    .stringValue()).isEqualTo("canceled");

            String expiring = SimClient.json(c.post("/v1/messages/batches", four.toString(), VERSION)).get("id").stringValue();
            clock.advance(Duration.ofSeconds(35));
            JsonNode expired = SimClient.json(c.get("/v1/messages/batches/" + expiring, VERSION));
            assertThat(expired.get("processing_status").stringValue()).isEqualTo("ended");
            assertThat(expired.get("request_counts").get("succeeded").asInt()).isEqualTo(3);
            assertThat(expired.get("request_counts").get("expired").asInt()).isEqualTo(1);
            assertThat(expired.get("ended_at").stringValue()).isEqualTo(expired.get("expires_at").stringValue());
            assertThat(results(c.get("/v1/messages/batches/" + expiring + "/results", VERSION)).get("d").get("type")
                    .stringValue()).isEqualTo("expired");
        }
    }

    @Test
    void validationAndAuthAsTheRealApi() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().apiKey("k").build())) {
            SimClient c = new SimClient(server);
            String ok = batch("a", "x").toString();
            assertThat(c.post("/v1/messages/batches", ok, VERSION).statusCode()).isEqualTo(401);
            HttpResponse<String> noVersion = c.post("/v1/messages/batches", ok, "x-api-key", "k");
            assertThat(SimClient.json(noVersion).get("error").get("message").stringValue())
                    .isEqualTo("anthropic-version: header is required");
            String[] h = {"x-api-key", "k", "anthropic-version", "2023-06-01"};
            assertThat(message(c.post("/v1/messages/batches", "{}", h))).isEqualTo("requests: Field required");
            assertThat(message(c.post("/v1/messages/batches", "{\"requests\": []}", h)))
                    .isEqualTo("requests: List should have at least 1 item after validation, not 0");
            assertThat(message(c.post("/v1/messages/batches", batch("has space", "x").toString(), h)))
                    .isEqualTo("requests.0.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'");
            assertThat(message(c.post("/v1/messages/batches", batch("a", "x", "a", "y").toString(), h)))
                    .startsWith("requests.1.custom_id: Duplicate custom_id 'a'");
            assertThat(message(c.post("/v1/messages/batches", "{\"requests\": [{\"custom_id\": \"a\"}]}", h)))
                    .isEqualTo("requests.0.params: Field required");
            HttpResponse<String> missing = c.get("/v1/messages/batches/msgbatch_nope", h);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(SimClient.json(missing).get("error").get("type").stringValue()).isEqualTo("not_found_error");
            assertThat(c.post("/v1/messages/batches", ok, h).statusCode()).isEqualTo(200);
        }
    }

    private static String message(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(400);
        return SimClient.json(r).get("error").get("message").stringValue();
    }
}
