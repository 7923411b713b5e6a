package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenAiBatchTest {

    /** {@code POST /v1/files} as the official SDKs send it (multipart form data). */
    static HttpResponse<String> upload(SimClient c, String filename, String purpose, String content, String... headers)
            throws IOException, InterruptedException {
        String boundary = "----tern" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n" + purpose + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(c.base + "/v1/files"))
                .header("content-type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return c.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String line(String customId, String model, String user) {
        return "{\"custom_id\": \"" + customId + "\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": "
                + SimClient.openAiRequest(model, user) + "}\n";
    }

    static String createBatch(SimClient c, String fileId) throws Exception {
        HttpResponse<String> r = c.post("/v1/batches", "{\"input_file_id\": \"" + fileId
                + "\", \"endpoint\": \"/v1/chat/completions\", \"completion_window\": \"24h\", \"metadata\": {\"job\": \"t\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode b = SimClient.json(r);
        assertThat(b.get("object").stringValue()).isEqualTo("batch");
        assertThat(b.get("status").stringValue()).isEqualTo("validating");
        assertThat(b.get("metadata").get("job").stringValue()).isEqualTo("t");
        return b.get("id").stringValue();
    }

    static Map<String, JsonNode> jsonl(String text) { return SimClient.jsonlByCustomId(text); }

    @Test
    void uploadCreatePollAndReadTheResults() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder()
                .scenario(Scenario.parse("{\"name\": \"writer\", \"steps\": [{\"text\": \"## {{section}}\\n{{lorem:40}}\"}]}"))
                .batchProcessing(Duration.ofMillis(600)).batchFailures("^poison").build())) {
            SimClient c = new SimClient(server);
            String input = line("s1", "sim:writer", "write section Intro") + line("s2", "sim:writer", "write section Risks")
                    + line("poison-3", "sim:writer", "write section X")
                    + "{\"custom_id\": \"bad-4\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": "
                    + "{\"model\": \"sim:writer\", \"messages\": []}}\n";
            HttpResponse<String> up = upload(c, "requests.jsonl", "batch", input);
            assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
            JsonNode file = SimClient.json(up);
            assertThat(file.get("object").stringValue()).isEqualTo("file");
            assertThat(file.get("purpose").stringValue()).isEqualTo("batch");
            assertThat(file.get("bytes").asInt()).isEqualTo(input.getBytes(StandardCharsets.UTF_8).length);
            assertThat(c.get("/v1/files/" + file.get("id").stringValue() + "/content").body()).isEqualTo(input);

            String id = createBatch(c, file.get("id").stringValue());
            Set<String> seen = new LinkedHashSet<>();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(40)).until(() -> {
                String status = SimClient.json(c.get("/v1/batches/" + id)).get("status").stringValue();
                seen.add(status);
                return status.equals("completed");
            });
            assertThat(seen).endsWith("completed");
            JsonNode done = SimClient.json(c.get("/v1/batches/" + id));
            assertThat(done.get("request_counts").get("total").asInt()).isEqualTo(4);
            assertThat(done.get("request_counts").get("completed").asInt()).isEqualTo(2);
            assertThat(done.get("request_counts").get("failed").asInt()).isEqualTo(2);
            assertThat(done.get("completed_at").asLong()).isPositive();
            assertThat(done.get("in_progress_at").asLong()).isPositive();
            assertThat(done.get("model").stringValue()).isEqualTo("sim:writer");
            assertThat(done.get("usage").get("output_tokens").asLong()).isPositive();

            Map<String, JsonNode> out = jsonl(c.get("/v1/files/" + done.get("output_file_id").stringValue() + "/content").body());
            assertThat(out.keySet()).containsExactly("s1", "s2");
            JsonNode s1 = out.get("s1");
            assertThat(s1.get("error").isNull()).isTrue();
            assertThat(s1.get("response").get("status_code").asInt()).isEqualTo(200);
            assertThat(s1.get("response").get("request_id").stringValue()).startsWith("req_");
            assertThat(s1.get("response").get("body").get("choices").get(0).get("message").get("content").stringValue())
                    .startsWith("## Intro\n");
            assertThat(SimClient.json(c.get("/v1/files/" + done.get("output_file_id").stringValue())).get("purpose")
                    .stringValue()).isEqualTo("batch_output");

            Map<String, JsonNode> err = jsonl(c.get("/v1/files/" + done.get("error_file_id").stringValue() + "/content").body());
            assertThat(err.keySet()).containsExactly("bad-4", "poison-3");
            assertThat(err.get("poison-3").get("response").get("status_code").asInt()).isEqualTo(500);
            assertThat(err.get("poison-3").get("response").get("body").get("error").get("type").stringValue())
                    .isEqualTo("server_error");
            assertThat(err.get("bad-4").get("response").get("status_code").asInt()).isEqualTo(400);
            assertThat(err.get("bad-4").get("response").get("body").get("error").get("code").stringValue())
                    .isEqualTo("empty_array");

            SimStats stats = server.stats();
            assertThat(stats.batchItems("succeeded")).isEqualTo(2);
            assertThat(stats.batchItems("errored")).isEqualTo(2);
            assertThat(stats.scenario("writer")).isEqualTo(2);
            assertThat(stats.outputTokens()).isPositive();
            assertThat(server.requests()).filteredOn(r -> r.method().equals("BATCH"))
                    .extracting(SimRequest::query).contains("batch=" + id + "&custom_id=s1");

            JsonNode list = SimClient.json(c.get("/v1/batches?limit=10"));
            assertThat(list.get("object").stringValue()).isEqualTo("list");
            assertThat(list.get("data").get(0).get("id").stringValue()).isEqualTo(id);
            assertThat(list.get("has_more").asBoolean()).isFalse();
        }
    }

    @Test
    void stepFaultsFailTheirItemAndEmbeddingBatchesWork() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder()
                .scenario(Scenario.parse("{\"name\": \"flaky\", \"steps\": [{\"text\": \"ok\", \"fault\": "
                        + "{\"type\": \"status\", \"status\": 429, \"times\": 1}}]}")).build())) {
            SimClient c = new SimClient(server);
            String fileId = SimClient.json(upload(c, "in.jsonl", "batch", line("a", "sim:flaky", "same")
                    + line("b", "sim:flaky", "same") + line("c", "sim:flaky", "other"))).get("id").stringValue();
            String id = createBatch(c, fileId);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    SimClient.json(c.get("/v1/batches/" + id)).get("status").stringValue().equals("completed"));
            JsonNode done = SimClient.json(c.get("/v1/batches/" + id));
            Map<String, JsonNode> err = jsonl(c.get("/v1/files/" + done.get("error_file_id").stringValue() + "/content").body());
            assertThat(err.keySet()).as("times: 1 fails the first request of each conversation").containsExactly("a", "c");
            assertThat(err.get("a").get("response").get("status_code").asInt()).isEqualTo(429);
            assertThat(err.get("a").get("response").get("body").get("error").get("code").stringValue())
                    .isEqualTo("rate_limit_exceeded");

            String emb = "{\"custom_id\": \"e1\", \"method\": \"POST\", \"url\": \"/v1/embeddings\", \"body\": "
                    + "{\"model\": \"m\", \"input\": \"hello\"}}\n";
            String embFile = SimClient.json(upload(c, "emb.jsonl", "batch", emb)).get("id").stringValue();
            String embBatch = SimClient.json(c.post("/v1/batches", "{\"input_file_id\": \"" + embFile
                    + "\", \"endpoint\": \"/v1/embeddings\", \"completion_window\": \"24h\"}")).get("id").stringValue();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    SimClient.json(c.get("/v1/batches/" + embBatch)).get("status").stringValue().equals("completed"));
            String outId = SimClient.json(c.get("/v1/batches/" + embBatch)).get("output_file_id").stringValue();
            JsonNode e1 = jsonl(c.get("/v1/files/" + outId + "/content").body()).get("e1");
            assertThat(e1.get("response").get("body").get("data").get(0).get("embedding")).hasSize(256);
            assertThat(server.stats().embeddingInputs()).isEqualTo(1);
        }
    }

    @Test
    void phasesFollowTheClock() throws Exception {
        PromptCacheTest.TestClock clock = new PromptCacheTest.TestClock();
        try (SimServer server = SimServer.start(SimConfig.builder().clock(clock)
                .batchProcessing(Duration.ofSeconds(100)).build())) {
            SimClient c = new SimClient(server);
            String fileId = SimClient.json(upload(c, "in.jsonl", "batch", line("a", "m", "1") + line("b", "m", "2")))
                    .get("id").stringValue();
            String id = createBatch(c, fileId);
            List<String> statuses = new ArrayList<>();
            for (int t : new int[] {5, 45, 50, 95, 100}) {
                clock.millis.set(PromptCacheTest.TestClock.START + t * 1000L);
                JsonNode b = SimClient.json(c.get("/v1/batches/" + id));
                statuses.add(b.get("status").stringValue() + "/" + b.get("request_counts").get("completed").asInt());
            }
            assertThat(statuses).containsExactly("validating/0", "in_progress/0", "in_progress/1", "finalizing/2",
                    "completed/2");
            assertThat(server.stats().batchItems("succeeded")).isEqualTo(2);
        }
    }

    @Test
    void expiryAndCancellationFollowTheClock() throws Exception {
        PromptCacheTest.TestClock clock = new PromptCacheTest.TestClock();
        try (SimServer server = SimServer.start(SimConfig.builder().clock(clock)
                .batchProcessing(Duration.ofSeconds(100)).batchExpiry(Duration.ofSeconds(50)).build())) {
            SimClient c = new SimClient(server);
            StringBuilder in = new StringBuilder();
            for (int i = 0; i < 8; i++) in.append(line("r" + i, "m", "question " + i));
            String fileId = SimClient.json(upload(c, "in.jsonl", "batch", in.toString())).get("id").stringValue();

            String expiring = createBatch(c, fileId);
            clock.advance(Duration.ofSeconds(5));
            assertThat(SimClient.json(c.get("/v1/batches/" + expiring)).get("status").stringValue()).isEqualTo("validating");
            clock.advance(Duration.ofSeconds(25)); // t = 30 s: items are answered evenly from 10 s to 90 s
            JsonNode mid = SimClient.json(c.get("/v1/batches/" + expiring));
            assertThat(mid.get("status").stringValue()).isEqualTo("in_progress");
            assertThat(mid.get("request_counts").get("completed").asInt()).isEqualTo(2);
            clock.advance(Duration.ofSeconds(30)); // t = 60 s: past the 50 s expiry
            JsonNode expired = SimClient.json(c.get("/v1/batches/" + expiring));
            assertThat(expired.get("status").stringValue()).isEqualTo("expired");
            assertThat(expired.get("expired_at").asLong()).isEqualTo(expired.get("expires_at").asLong());
            assertThat(expired.get("request_counts").get("completed").asInt()).isEqualTo(4);
            Map<String, JsonNode> err = jsonl(c.get("/v1/files/" + expired.get("error_file_id").stringValue() + "/content")
                    .body());
            assertThat(err).hasSize(4);
            assertThat(err.get("r7").get("response").isNull()).isTrue();
            assertThat(err.get("r7").get("error").get("code").stringValue()).isEqualTo("batch_expired");
            assertThat(jsonl(c.get("/v1/files/" + expired.get("output_file_id").stringValue() + "/content").body()))
                    .hasSize(4);

            String cancelled = createBatch(c, fileId);
            clock.advance(Duration.ofSeconds(20)); // 1 item answered
            JsonNode cancelling = SimClient.json(c.post("/v1/batches/" + cancelled + "/cancel", ""));
            assertThat(cancelling.get("status").stringValue()).isEqualTo("cancelling");
            assertThat(cancelling.get("cancelling_at").asLong()).isPositive();
            clock.advance(Duration.ofSeconds(10)); // a cancel takes P/10
            JsonNode gone = SimClient.json(c.get("/v1/batches/" + cancelled));
            assertThat(gone.get("status").stringValue()).isEqualTo("cancelled");
            assertThat(gone.get("request_counts").get("completed").asInt()).isEqualTo(1);
            assertThat(jsonl(c.get("/v1/files/" + gone.get("error_file_id").stringValue() + "/content").body()).get("r5")
                    .get("error").get("code").stringValue()).isEqualTo("batch_cancelled");
            HttpResponse<String> again = c.post("/v1/batches/" + cancelled + "/cancel", "");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(server.stats().batchItems("expired")).isEqualTo(4);
            assertThat(server.stats().batchItems("canceled")).isEqualTo(7);
        }
    }

    @Test
    void badInputsFailValidationOrCreation() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().apiKey("k").build())) {
            SimClient c = new SimClient(server);
            String[] auth = {"authorization", "Bearer k"};
            assertThat(upload(c, "a.jsonl", "batch", line("a", "m", "x")).statusCode()).isEqualTo(401);
            assertThat(c.get("/v1/batches").statusCode()).isEqualTo(401);
            HttpResponse<String> txt = upload(c, "a.txt", "batch", line("a", "m", "x"), auth);
            assertThat(txt.statusCode()).isEqualTo(400);
            assertThat(SimClient.json(txt).get("error").get("message").stringValue())
                    .isEqualTo("Invalid file format for Batch API. Must be .jsonl");
            assertThat(SimClient.json(upload(c, "a.jsonl", "nonsense", "x", auth)).get("error").get("param").stringValue())
                    .isEqualTo("purpose");

            String bad = line("dup", "m", "x") + line("dup", "m", "y") + "not json\n"
                    + line("other-model", "m2", "z");
            String fileId = SimClient.json(upload(c, "bad.jsonl", "batch", bad, auth)).get("id").stringValue();
            HttpResponse<String> window = c.post("/v1/batches", "{\"input_file_id\": \"" + fileId
                    + "\", \"endpoint\": \"/v1/chat/completions\", \"completion_window\": \"1h\"}", auth);
            assertThat(window.statusCode()).isEqualTo(400);
            assertThat(SimClient.json(window).get("error").get("param").stringValue()).isEqualTo("completion_window");
            HttpResponse<String> endpoint = c.post("/v1/batches", "{\"input_file_id\": \"" + fileId
                    + "\", \"endpoint\": \"/v1/responses\", \"completion_window\": \"24h\"}", auth);
            assertThat(SimClient.json(endpoint).get("error").get("code").stringValue()).isEqualTo("invalid_value");
            HttpResponse<String> noFile = c.post("/v1/batches", "{\"input_file_id\": \"file-nope\", \"endpoint\": "
                    + "\"/v1/chat/completions\", \"completion_window\": \"24h\"}", auth);
            assertThat(noFile.statusCode()).isEqualTo(400);
            assertThat(c.get("/v1/batches/batch_nope", auth).statusCode()).isEqualTo(404);
            assertThat(c.get("/v1/files/file-nope", auth).statusCode()).isEqualTo(404);

            String id = SimClient.json(c.post("/v1/batches", "{\"input_file_id\": \"" + fileId
                    + "\", \"endpoint\": \"/v1/chat/completions\", \"completion_window\": \"24h\"}", auth)).get("id").stringValue();
            JsonNode failed = SimClient.json(c.get("/v1/batches/" + id, auth));
            assertThat(failed.get("status").stringValue()).isEqualTo("failed");
            assertThat(failed.get("failed_at").asLong()).isPositive();
            List<String> codes = new ArrayList<>();
            for (JsonNode e : failed.get("errors").get("data")) codes.add(e.get("code").stringValue());
            assertThat(codes).containsExactly("duplicate_custom_id", "invalid_json_line", "mismatched_model");
            assertThat(failed.get("errors").get("data").get(0).get("line").asInt()).isEqualTo(2);

            JsonNode files = SimClient.json(c.get("/v1/files", auth));
            assertThat(files.get("data")).hasSize(1);
            assertThat(SimClient.json(c.send("DELETE", "/v1/files/" + fileId, auth)).get("deleted").asBoolean()).isTrue();
            assertThat(c.get("/v1/files/" + fileId, auth).statusCode()).isEqualTo(404);
        }
    }
}
