package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    @Test
    void requestsPerMinuteLimitAnswers429WithHeadersInBothShapes() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().rateLimit(3, 0).build())) {
            SimClient c = new SimClient(server);
            String body = SimClient.openAiRequest("m", "x").toString();
            HttpResponse<String> r1 = c.openAi(body);
            assertThat(r1.headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
            assertThat(r1.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("2");
            assertThat(r1.headers().firstValue("x-ratelimit-reset-requests").orElse("")).matches("(\\d+m)?[\\d.]+m?s");
            assertThat(c.openAi(body).headers().firstValue("x-ratelimit-remaining-requests")).hasValue("1");
            HttpResponse<String> r3 = c.anthropic(SimClient.anthropicRequest("m", "x").toString());
            assertThat(r3.statusCode()).isEqualTo(200);
            assertThat(r3.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("0");
            assertThat(Instant.parse(r3.headers().firstValue("anthropic-ratelimit-requests-reset").orElseThrow()))
                    .isAfter(Instant.now());
            HttpResponse<String> r4 = c.openAi(body);
            assertThat(r4.statusCode()).isEqualTo(429);
            assertThat(Integer.parseInt(r4.headers().firstValue("retry-after").orElseThrow())).isBetween(1, 60);
            assertThat(SimClient.json(r4).get("error").get("code").stringValue()).isEqualTo("rate_limit_exceeded");
            HttpResponse<String> r5 = c.anthropic(SimClient.anthropicRequest("m", "x").toString());
            assertThat(r5.statusCode()).isEqualTo(429);
            assertThat(SimClient.json(r5).get("error").get("type").stringValue()).isEqualTo("rate_limit_error");
            assertThat(server.stats().faults("rate_limit")).isEqualTo(2);
        }
    }

    @Test
    void tokensPerMinuteLimit() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().rateLimit(0, 200).build())) {
            SimClient c = new SimClient(server);
            String big = SimClient.openAiRequest("m", "y".repeat(600)).toString(); // ~170 tokens incl. answer
            HttpResponse<String> r1 = c.openAi(big);
            assertThat(r1.statusCode()).isEqualTo(200);
            long remaining = Long.parseLong(r1.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
            assertThat(remaining).isLessThan(200).isGreaterThanOrEqualTo(0);
            assertThat(c.openAi(big).statusCode()).isEqualTo(429);
        }
    }
}
