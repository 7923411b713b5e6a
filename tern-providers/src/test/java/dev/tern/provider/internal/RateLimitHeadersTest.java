package dev.tern.provider.internal;

import org.junit.jupiter.api.Test;

import dev.tern.http.Headers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHeadersTest {

    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");

    private static Headers headers(String... kv) {
        return Headers.of(kv);
    }

    @Test
    void goDurationsAsOpenAiSendsThem() {
        assertThat(RateLimitHeaders.parseGoDuration("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(RateLimitHeaders.parseGoDuration("6m0s")).isEqualTo(Duration.ofMinutes(6));
        assertThat(RateLimitHeaders.parseGoDuration("20ms")).isEqualTo(Duration.ofMillis(20));
        assertThat(RateLimitHeaders.parseGoDuration("1h2m3.5s")).isEqualTo(Duration.ofMillis(3_723_500));
        assertThat(RateLimitHeaders.parseGoDuration("0.25")).isEqualTo(Duration.ofMillis(250));
        assertThat(RateLimitHeaders.parseGoDuration("soon")).isNull();
        assertThat(RateLimitHeaders.parseGoDuration("5x")).isNull();
    }

    @Test
    void retryAfterSecondsDateAndMillisecondsPrecedence() {
        assertThat(RateLimitHeaders.retryAfter(headers("retry-after", "2"), NOW)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RateLimitHeaders.retryAfter(headers("retry-after", "Sun, 22 Nov 2026 03:00:30 GMT"), NOW))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(RateLimitHeaders.retryAfter(headers("retry-after", "2", "retry-after-ms", "150"), NOW))
                .isEqualTo(Duration.ofMillis(150));
        assertThat(RateLimitHeaders.retryAfter(headers("retry-after", "whenever"), NOW)).isNull();
        assertThat(RateLimitHeaders.retryAfter(headers(), NOW)).isNull();
    }

    @Test
    void exhaustedBudgetsReportTheLongestReset() {
        assertThat(RateLimitHeaders.exhaustedFor(headers(
                "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "1s",
                "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "6m0s"), NOW))
                .isEqualTo(Duration.ofMinutes(6));
        assertThat(RateLimitHeaders.exhaustedFor(headers(
                "anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-reset", "2026-11-22T03:00:05Z",
                "anthropic-ratelimit-tokens-remaining", "1000",
                "anthropic-ratelimit-tokens-reset", "2026-11-22T03:09:00Z"), NOW))
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void budgetsWithRoomLeftMeanNoPause() {
        assertThat(RateLimitHeaders.exhaustedFor(headers(
                "x-ratelimit-remaining-requests", "12", "x-ratelimit-reset-requests", "1s"), NOW)).isNull();
    }
}
