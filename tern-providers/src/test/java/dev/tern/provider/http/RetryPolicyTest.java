package dev.tern.provider.http;

import dev.tern.model.ModelException;
import dev.tern.model.ModelException.Kind;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private final RetryPolicy policy = RetryPolicy.DEFAULT;

    private static ModelException status(Kind kind, int status) {
        return new ModelException(kind, "p", status, "x", null, null);
    }

    @Test
    void fullJitterStaysUnderTheExponentialCeilingAndTheCap() {
        Duration max3 = Duration.ZERO;
        for (int i = 0; i < 2000; i++) {
            Duration d1 = policy.delay(1, null);
            Duration d3 = policy.delay(3, null);
            Duration d20 = policy.delay(20, null);
            assertThat(d1).isBetween(Duration.ZERO, Duration.ofMillis(500));
            assertThat(d3).isBetween(Duration.ZERO, Duration.ofSeconds(2));
            assertThat(d20).isBetween(Duration.ZERO, Duration.ofSeconds(30));
            if (d3.compareTo(max3) > 0) max3 = d3;
        }
        // jitter really spreads the waits (not a constant): the largest of 2000 draws is near the ceiling
        assertThat(max3).isGreaterThan(Duration.ofMillis(1500));
    }

    @Test
    void serverHintWinsButIsCappedByMaxWait() {
        assertThat(policy.delay(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(policy.delay(1, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void retriesTransientFailuresOnly() {
        for (int s : new int[] {500, 502, 503, 504}) assertThat(policy.retryable(status(Kind.SERVER, s))).isTrue();
        assertThat(policy.retryable(status(Kind.SERVER, 501))).isFalse();
        assertThat(policy.retryable(status(Kind.RATE_LIMITED, 429))).isTrue();
        assertThat(policy.retryable(status(Kind.OVERLOADED, 529))).isTrue();
        assertThat(policy.retryable(status(Kind.TIMEOUT, 0))).isTrue();
        assertThat(policy.retryable(status(Kind.CONNECTION, 0))).isTrue();
        assertThat(policy.retryable(status(Kind.BAD_REQUEST, 400))).isFalse();
        assertThat(policy.retryable(status(Kind.AUTHENTICATION, 401))).isFalse();
        assertThat(policy.retryable(status(Kind.PERMISSION, 403))).isFalse();
        assertThat(policy.retryable(status(Kind.NOT_FOUND, 404))).isFalse();
        assertThat(policy.retryable(status(Kind.PROTOCOL, 200))).isFalse();
        assertThat(policy.retryable(status(Kind.CONTEXT_LENGTH, 400))).isFalse();
    }

    @Test
    void serverShouldRetryHeaderHasTheLastWordExceptForBadRequests() {
        assertThat(policy.retryable(status(Kind.SERVER, 503), false)).isFalse();
        assertThat(policy.retryable(status(Kind.BAD_REQUEST, 409), true)).isTrue();
        assertThat(policy.retryable(status(Kind.BAD_REQUEST, 409), null)).isFalse();
        assertThat(policy.retryable(status(Kind.AUTHENTICATION, 401), true)).isFalse();
        assertThat(policy.retryable(status(Kind.CONTEXT_LENGTH, 413), true)).isFalse();
        assertThat(policy.retryable(status(Kind.CONNECTION, 0), false)).isTrue(); // no response, no header
    }
}
