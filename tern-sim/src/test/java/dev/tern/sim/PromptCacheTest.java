package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class PromptCacheTest {

    /** A clock the test moves by hand. */
    static final class TestClock implements InstantSource {
        static final long START = 1_700_000_000_000L;
        final AtomicLong millis = new AtomicLong(START);
        @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
        void advance(Duration d) { millis.addAndGet(d.toMillis()); }
    }

    static final String SYSTEM = "You are a careful assistant. ".repeat(300); // ~8 700 chars ≈ 2 175 tokens

    TestClock clock;
    SimServer server;
    SimClient client;

    @BeforeEach
    void start() {
        clock = new TestClock();
        server = SimServer.start(SimConfig.builder().clock(clock).build());
        client = new SimClient(server);
    }

    @AfterEach
    void stop() { server.close(); }

    static ObjectNode anthropic(String system, String ttl, String... userTurns) {
        ObjectNode req = SimClient.JSON.createObjectNode();
        req.put("model", "claude-sim");
        req.put("max_tokens", 100);
        ObjectNode sys = req.putArray("system").addObject().put("type", "text").put("text", system);
        ObjectNode cc = sys.putObject("cache_control").put("type", "ephemeral");
        if (ttl != null) cc.put("ttl", ttl);
        ArrayNode messages = req.putArray("messages");
        for (int i = 0; i < userTurns.length; i++) {
            if (i > 0) messages.addObject().put("role", "assistant").put("content", "echo: " + userTurns[i - 1]);
            messages.addObject().put("role", "user").put("content", userTurns[i]);
        }
        return req;
    }

    /** Moves the conversation breakpoint to the last user block, like a caching client does. */
    static ObjectNode withTailBreakpoint(ObjectNode req) {
        ArrayNode messages = (ArrayNode) req.get("messages");
        ObjectNode last = (ObjectNode) messages.get(messages.size() - 1);
        String text = last.get("content").stringValue();
        ObjectNode block = last.putArray("content").addObject().put("type", "text").put("text", text);
        block.putObject("cache_control").put("type", "ephemeral");
        return req;
    }

    JsonNode usage(ObjectNode req) throws Exception {
        HttpResponse<String> r = client.anthropic(req.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SimClient.json(r).get("usage");
    }

    static long total(JsonNode u) {
        return u.get("input_tokens").asLong() + u.get("cache_creation_input_tokens").asLong()
                + u.get("cache_read_input_tokens").asLong();
    }

    @Test
    void samePrefixTwiceIsAWriteThenARead() throws Exception {
        JsonNode first = usage(anthropic(SYSTEM, null, "hello"));
        JsonNode second = usage(anthropic(SYSTEM, null, "a different question"));
        assertThat(first.get("cache_read_input_tokens").asLong()).isZero();
        long written = first.get("cache_creation_input_tokens").asLong();
        assertThat(written).isGreaterThan(2000);
        assertThat(second.get("cache_read_input_tokens").asLong()).isEqualTo(written);
        assertThat(second.get("cache_creation_input_tokens").asLong()).isZero();
        assertThat(second.get("input_tokens").asLong()).isPositive().isLessThan(50);
        assertThat(server.stats().cacheReadTokens()).isEqualTo(written);
        assertThat(server.stats().cacheWriteTokens()).isEqualTo(written);
    }

    @Test
    void changingTheSystemPromptIsAMiss() throws Exception {
        usage(anthropic(SYSTEM, null, "hello"));
        JsonNode changed = usage(anthropic("Today is Monday. " + SYSTEM, null, "hello"));
        assertThat(changed.get("cache_read_input_tokens").asLong()).isZero();
        assertThat(changed.get("cache_creation_input_tokens").asLong()).isGreaterThan(2000);
        // moving only the breakpoint marker does not change the cached bytes
        JsonNode same = usage(anthropic("Today is Monday. " + SYSTEM, "5m", "hello"));
        assertThat(same.get("cache_read_input_tokens").asLong()).isEqualTo(changed.get("cache_creation_input_tokens").asLong());
    }

    @Test
    void movingTailBreakpointReadsThePreviousTurnAndWritesOnlyTheNewPart() throws Exception {
        JsonNode t1 = usage(withTailBreakpoint(anthropic(SYSTEM, null, "first question")));
        JsonNode t2 = usage(withTailBreakpoint(anthropic(SYSTEM, null, "first question", "second question")));
        assertThat(t2.get("cache_read_input_tokens").asLong()).isEqualTo(total(t1));
        assertThat(t2.get("cache_creation_input_tokens").asLong()).isEqualTo(total(t2) - total(t1));
        assertThat(t2.get("input_tokens").asLong()).isZero();
    }

    @Test
    void twentyTurnSessionReadsAtLeastNinetyPercentFromCacheFromTurnTwo() throws Exception {
        String[] turns = new String[20];
        long read = 0;
        long input = 0;
        for (int i = 0; i < 20; i++) {
            turns[i] = "question number " + i + " about the project";
            String[] sofar = java.util.Arrays.copyOf(turns, i + 1);
            JsonNode u = usage(withTailBreakpoint(anthropic(SYSTEM, null, sofar)));
            if (i > 0) {
                read += u.get("cache_read_input_tokens").asLong();
                input += total(u);
            }
        }
        assertThat((double) read / input).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void fullResetForgetsTheCache() throws Exception {
        usage(anthropic(SYSTEM, null, "x"));
        assertThat(client.post("/sim/reset?all=true", "").statusCode()).isEqualTo(200);
        assertThat(usage(anthropic(SYSTEM, null, "x")).get("cache_read_input_tokens").asLong()).isZero();
    }

    @Test
    void prefixBelowTheMinimumIsNeverCached() throws Exception {
        JsonNode a = usage(anthropic("short system prompt", null, "x"));
        JsonNode b = usage(anthropic("short system prompt", null, "x"));
        assertThat(a.get("cache_creation_input_tokens").asLong()).isZero();
        assertThat(b.get("cache_read_input_tokens").asLong()).isZero();
    }

    @Test
    void entriesExpireAfterTheirTtl() throws Exception {
        usage(anthropic(SYSTEM, null, "x"));
        clock.advance(Duration.ofMinutes(4));
        assertThat(usage(anthropic(SYSTEM, null, "x")).get("cache_read_input_tokens").asLong()).isPositive();
        clock.advance(Duration.ofMinutes(4)); // the hit refreshed the TTL: 4 min later still alive
        assertThat(usage(anthropic(SYSTEM, null, "x")).get("cache_read_input_tokens").asLong()).isPositive();
        clock.advance(Duration.ofMinutes(6));
        assertThat(usage(anthropic(SYSTEM, null, "x")).get("cache_read_input_tokens").asLong()).isZero();

        String other = "Another long prompt. " + SYSTEM;
        usage(anthropic(other, "1h", "x"));
        clock.advance(Duration.ofMinutes(30));
        assertThat(usage(anthropic(other, "1h", "x")).get("cache_read_input_tokens").asLong()).isPositive();
    }

    @Test
    void moreThanFourBreakpointsIsRejected() throws Exception {
        ObjectNode req = anthropic(SYSTEM, null, "a", "b", "c", "d");
        ArrayNode messages = (ArrayNode) req.get("messages");
        for (int i = 0; i < messages.size(); i += 2) {
            ObjectNode m = (ObjectNode) messages.get(i);
            String t = m.get("content").stringValue();
            m.putArray("content").addObject().put("type", "text").put("text", t)
                    .putObject("cache_control").put("type", "ephemeral");
        }
        HttpResponse<String> r = client.anthropic(req.toString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(r).get("error").get("message").stringValue()).contains("maximum of 4").contains("Found 5");
    }

    // ---- OpenAI automatic prefix caching -------------------------------------------------------

    static ObjectNode openAi(String system, String key, String... users) {
        ObjectNode req = SimClient.JSON.createObjectNode();
        req.put("model", "gpt-sim");
        if (key != null) req.put("prompt_cache_key", key);
        ArrayNode messages = req.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        for (String u : users) messages.addObject().put("role", "user").put("content", u);
        return req;
    }

    JsonNode openAiUsage(ObjectNode req) throws Exception {
        HttpResponse<String> r = client.openAi(req.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SimClient.json(r).get("usage");
    }

    static long cached(JsonNode u) { return u.get("prompt_tokens_details").get("cached_tokens").asLong(); }

    @Test
    void openAiCachesRealPrefixesIn128TokenSteps() throws Exception {
        JsonNode first = openAiUsage(openAi(SYSTEM, "user-1", "hello"));
        assertThat(cached(first)).isZero();
        JsonNode second = openAiUsage(openAi(SYSTEM, "user-1", "hello", "and more"));
        long c = cached(second);
        assertThat(c).isGreaterThanOrEqualTo(1024).isLessThanOrEqualTo(first.get("prompt_tokens").asLong());
        assertThat((c - 1024) % 128).isZero();
        assertThat(first.get("prompt_tokens").asLong() - c).isLessThan(128);
        assertThat(server.stats().cacheReadTokens()).isEqualTo(c);
    }

    @Test
    void openAiChangedEarlyBytesOrOtherKeyIsAMiss() throws Exception {
        openAiUsage(openAi(SYSTEM, "user-1", "hello"));
        assertThat(cached(openAiUsage(openAi("Now: 12:01. " + SYSTEM, "user-1", "hello")))).isZero();
        assertThat(cached(openAiUsage(openAi(SYSTEM, "user-2", "hello")))).isZero();
        assertThat(cached(openAiUsage(openAi(SYSTEM, "user-1", "hello")))).isPositive();
        assertThat(cached(openAiUsage(openAi("short", "user-1", "hello")))).isZero();
    }
}
