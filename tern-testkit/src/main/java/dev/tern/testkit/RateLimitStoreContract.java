package dev.tern.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.store.RateLimitStore;
import dev.tern.store.RateLimitStore.State;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link RateLimitStore} must do. */
public abstract class RateLimitStoreContract {

    protected abstract RateLimitStore store();

    private final Instant t0 = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void anUnknownAccountNeverWaits() {
        RateLimitStore s = store();
        assertThat(s.get("openai|https://api.openai.com|k1")).isEqualTo(State.UNKNOWN);
        assertThat(s.reserve("openai|https://api.openai.com|k1", 1000, t0)).isZero();
    }

    @Test
    void aRetryAfterBlocksEveryCallerUntilItPasses() {
        RateLimitStore s = store();
        s.observe("acct", new State(-1, null, -1, null, t0.plusSeconds(2), t0));
        assertThat(s.reserve("acct", 10, t0.plusMillis(500))).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.reserve("acct", 10, t0.plusSeconds(2))).isZero();
    }

    @Test
    void anExhaustedWindowWaitsForItsReset() {
        RateLimitStore s = store();
        s.observe("acct", new State(2, t0.plusSeconds(10), 5_000, t0.plusSeconds(10), null, t0));
        assertThat(s.reserve("acct", 1000, t0)).isZero();
        assertThat(s.reserve("acct", 1000, t0)).isZero();
        assertThat(s.reserve("acct", 1000, t0)).as("no requests left").isEqualTo(Duration.ofSeconds(10));
        assertThat(s.reserve("acct", 1000, t0.plusSeconds(11))).as("a new window").isZero();
    }

    @Test
    void tooFewTokensWaitForTheTokenWindow() {
        RateLimitStore s = store();
        s.observe("acct", new State(100, t0.plusSeconds(60), 500, t0.plusSeconds(30), null, t0));
        assertThat(s.reserve("acct", 400, t0)).isZero();
        assertThat(s.reserve("acct", 400, t0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anOlderObservationNeverReplacesANewerOne() {
        RateLimitStore s = store();
        s.observe("acct", new State(50, null, -1, null, null, t0.plusSeconds(5)));
        s.observe("acct", new State(0, t0.plusSeconds(60), -1, null, null, t0));
        assertThat(s.get("acct").remainingRequests()).isEqualTo(50);
    }
}
