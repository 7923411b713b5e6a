package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class FaultTest {

    static SimServer server;
    static SimClient client;

    static Scenario faulty(String name, String faultJson) {
        return Scenario.parse("""
                {"name": "%s", "steps": [{"text": "recovered after the fault, %s", "fault": %s}]}"""
                .formatted(name, "x".repeat(40), faultJson));
    }

    @BeforeAll
    static void start() {
        server = SimServer.start(SimConfig.builder()
                .scenario(faulty("once429", "{\"type\": \"status\", \"status\": 429, \"retryAfter\": \"1\", \"times\": 1}"))
                .scenario(faulty("date429", "{\"type\": \"status\", \"status\": 429, \"retryAfter\": \"2\", \"retryAfterDate\": true, \"retryAfterMs\": 2000}"))
                .scenario(faulty("s529", "{\"type\": \"status\", \"status\": 529}"))
                .scenario(faulty("s500", "{\"type\": \"status\", \"status\": 500, \"times\": 2}"))
                .scenario(faulty("stall", "{\"type\": \"stall\", \"afterTokens\": 3, \"ms\": 60000}"))
                .scenario(faulty("stall-short", "{\"type\": \"stall\", \"afterTokens\": 2, \"ms\": 500}"))
                .scenario(faulty("midstream529", "{\"type\": \"status\", \"status\": 529, \"afterTokens\": 4}"))
                .scenario(faulty("reset0", "{\"type\": \"reset\", \"afterTokens\": 0}"))
                .scenario(faulty("reset5", "{\"type\": \"reset\", \"afterTokens\": 5}"))
                .scenario(faulty("garbage", "{\"type\": \"garbage\"}"))
                .scenario(faulty("slow", "{\"type\": \"slow_headers\", \"ms\": 400}"))
                .build());
        client = new SimClient(server);
    }

    @AfterAll
    static void stop() { server.close(); }

    @Test
    void statusOnceWithRetryAfterThenSucceedsPerConversation() throws Exception {
        String a = SimClient.openAiRequest("sim:once429", "conversation A").toString();
        HttpResponse<String> first = client.openAi(a);
        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("retry-after")).hasValue("1");
        JsonNode err = SimClient.json(first).get("error");
        assertThat(err.get("code").stringValue()).isEqualTo("rate_limit_exceeded");
        assertThat(client.openAi(a).statusCode()).isEqualTo(200);
        assertThat(client.openAi(a).statusCode()).isEqualTo(200);
        // a different conversation (first user message) has its own budget
        assertThat(client.openAi(SimClient.openAiRequest("sim:once429", "conversation B").toString()).statusCode())
                .isEqualTo(429);
        // Anthropic shape for the same fault
        HttpResponse<String> ant = client.anthropic(SimClient.anthropicRequest("sim:once429", "conversation C").toString());
        assertThat(ant.statusCode()).isEqualTo(429);
        assertThat(SimClient.json(ant).get("error").get("type").stringValue()).isEqualTo("rate_limit_error");
        assertThat(server.stats().faults("status")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void retryAfterAsHttpDate() throws Exception {
        HttpResponse<String> r = client.openAi(SimClient.openAiRequest("sim:date429", "d").toString());
        assertThat(r.statusCode()).isEqualTo(429);
        ZonedDateTime at = ZonedDateTime.parse(r.headers().firstValue("retry-after").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(at).isAfter(ZonedDateTime.now().minusSeconds(1)).isBefore(ZonedDateTime.now().plusSeconds(10));
        assertThat(r.headers().firstValue("retry-after-ms")).hasValue("2000");
    }

    @Test
    void overloaded529AndServerErrorsInEachShape() throws Exception {
        HttpResponse<String> r = client.anthropic(SimClient.anthropicRequest("sim:s529", "o").toString());
        assertThat(r.statusCode()).isEqualTo(529);
        assertThat(SimClient.json(r).get("error").get("type").stringValue()).isEqualTo("overloaded_error");
        String body = SimClient.openAiRequest("sim:s500", "five hundred").toString();
        HttpResponse<String> e1 = client.openAi(body);
        assertThat(e1.statusCode()).isEqualTo(500);
        assertThat(SimClient.json(e1).get("error").get("type").stringValue()).isEqualTo("server_error");
        assertThat(client.openAi(body).statusCode()).isEqualTo(500);
        assertThat(client.openAi(body).statusCode()).isEqualTo(200);
    }

    @Test
    void stallStopsTheStreamMidwayAfterSomeTokens() throws Exception {
        ObjectNode req = SimClient.openAiRequest("sim:stall", "s");
        req.put("stream", true);
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(RawHttp.post("/v1/chat/completions", req.toString()));
            RawHttp.Read read = raw.readUntilIdle(700);
            assertThat(read.timedOut()).isTrue();
            assertThat(read.text()).startsWith("HTTP/1.1 200").contains("\"content\":\"rec");
            assertThat(read.text()).doesNotContain("[DONE]").doesNotContain("finish_reason\":\"stop");
        }
        assertThat(server.stats().faults("stall")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void nonStreamingStallDelaysTheRestOfTheBodyThenCompletes() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = client.openAi(SimClient.openAiRequest("sim:stall-short", "s").toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ms).isGreaterThanOrEqualTo(500);
        assertThat(SimClient.json(r).get("choices").get(0).get("message").get("content").stringValue()).startsWith("recovered");
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(RawHttp.post("/v1/chat/completions", SimClient.openAiRequest("sim:stall-short", "s").toString(),
                    "Connection", "close"));
            RawHttp.Read first = raw.readUntilIdle(250);
            assertThat(first.timedOut()).isTrue();
            assertThat(first.text()).startsWith("HTTP/1.1 200").doesNotContain("\"usage\"");
            RawHttp.Read rest = raw.readUntilIdle(5000);
            assertThat(rest.eof()).isTrue();
            assertThat(rest.text()).contains("\"usage\"");
        }
    }

    @Test
    void statusFaultWithAfterTokensOnAStreamIsAnErrorEventMidStream() throws Exception {
        ObjectNode ant = SimClient.anthropicRequest("sim:midstream529", "m");
        ant.put("stream", true);
        HttpResponse<String> r = client.anthropic(ant.toString());
        assertThat(r.statusCode()).isEqualTo(200);
        List<SimClient.Event> events = SimClient.events(r.body());
        assertThat(events).extracting(SimClient.Event::name).contains("content_block_delta").doesNotContain("message_stop");
        SimClient.Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(last.json().get("error").get("type").stringValue()).isEqualTo("overloaded_error");

        ObjectNode oai = SimClient.openAiRequest("sim:midstream529", "m");
        oai.put("stream", true);
        List<SimClient.Event> chunks = SimClient.events(client.openAi(oai.toString()).body());
        assertThat(chunks.get(chunks.size() - 1).json().get("error").get("type").stringValue()).isEqualTo("server_error");
        assertThat(chunks).extracting(SimClient.Event::data).doesNotContain("[DONE]");
        // the same fault on a non-streaming request is a plain status error
        assertThat(client.openAi(SimClient.openAiRequest("sim:midstream529", "m").toString()).statusCode()).isEqualTo(529);
    }

    @Test
    void resetBeforeAnyByteFailsTheClient() {
        assertThatThrownBy(() -> client.openAi(SimClient.openAiRequest("sim:reset0", "r").toString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void resetMidStreamCutsTheStream() throws Exception {
        ObjectNode req = SimClient.anthropicRequest("sim:reset5", "r");
        req.put("stream", true);
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(RawHttp.post("/v1/messages", req.toString(), "anthropic-version", "2023-06-01"));
            RawHttp.Read read = raw.readUntilIdle(5000);
            assertThat(read.timedOut()).isFalse();
            assertThat(read.reset() || read.eof()).isTrue();
            assertThat(read.text()).contains("text_delta").doesNotContain("message_stop");
        }
        // non-streaming: headers and part of the body, then the reset
        HttpResponse<String> partial = null;
        try {
            partial = client.openAi(SimClient.openAiRequest("sim:reset5", "r").toString());
        } catch (IOException expected) {
            // the JDK client reports the truncated body as an IOException
        }
        assertThat(partial).isNull();
    }

    @Test
    void garbageIsA200WithANonJsonBody() throws Exception {
        HttpResponse<String> r = client.openAi(SimClient.openAiRequest("sim:garbage", "g").toString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> SimClient.json(r)).isInstanceOf(RuntimeException.class);
        ObjectNode req = SimClient.openAiRequest("sim:garbage", "g");
        req.put("stream", true);
        List<SimClient.Event> events = SimClient.events(client.openAi(req.toString()).body());
        assertThat(events).hasSize(1);
        assertThatThrownBy(() -> events.get(0).json()).isInstanceOf(RuntimeException.class);
    }

    @Test
    void slowHeadersDelaysTheResponseThenAnswers() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = client.openAi(SimClient.openAiRequest("sim:slow", "z").toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ms).isGreaterThanOrEqualTo(400);
        assertThat(SimClient.json(r).get("choices").get(0).get("message").get("content").stringValue()).startsWith("recovered");
    }

    @Test
    void serverWideFaultsUseProbabilityAndTimes() throws Exception {
        try (SimServer s = SimServer.start(SimConfig.builder()
                .fault(Fault.status(503).withTimes(2))
                .fault(Fault.status(500).withProbability(0.0))
                .build())) {
            SimClient c = new SimClient(s);
            String body = SimClient.openAiRequest("m", "x").toString();
            assertThat(List.of(c.openAi(body).statusCode(), c.openAi(body).statusCode(), c.openAi(body).statusCode(),
                    c.openAi(body).statusCode())).containsExactly(503, 503, 200, 200);
            assertThat(s.stats().faults("status")).isEqualTo(2);
            assertThat(s.stats().status(503)).isEqualTo(2);
        }
    }

    @Test
    void tenPercentServerWide429sAreRoughlyTenPercent() throws Exception {
        try (SimServer s = SimServer.start(SimConfig.builder().fault(Fault.status(429).withProbability(0.1)).build())) {
            SimClient c = new SimClient(s);
            String body = SimClient.openAiRequest("m", "x").toString();
            int n429 = 0;
            for (int i = 0; i < 400; i++) if (c.openAi(body).statusCode() == 429) n429++;
            assertThat(n429).isBetween(10, 90); // expected 40; bounds are > 4 sigma away
        }
    }
}
