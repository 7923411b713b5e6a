package dev.tern.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tern.cost.CallCost;
import dev.tern.cost.CostLedger;
import dev.tern.cost.CostTotals;
import dev.tern.model.Usage;
import java.time.Instant;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** What every {@link CostLedger} must do. */
public abstract class CostLedgerContract {

    protected abstract CostLedger ledger();

    private static CostLedger.Entry call(String run, String session, String agent, String model, double usd) {
        return new CostLedger.Entry(Instant.now(), run, session, agent, model, new Usage(100, 10, 50, 0),
                new CallCost(model, true, usd, 0, 0, 0, 0, 0));
    }

    @Test
    void totalsAddUpPerRunSessionAgentAndModel() {
        CostLedger l = ledger();
        l.book(call("r1", "s1", "main", "gpt-4o-mini", 0.01));
        l.book(call("r1", "s1", "analyst", "claude-haiku-4-5", 0.02));
        l.book(call("r2", "s2", "main", "gpt-4o-mini", 0.04));
        l.book(call(null, null, null, "gpt-4o-mini", 0.08)); // outside any run (consolidation)
        assertThat(l.total().calls()).isEqualTo(4);
        assertThat(l.total().costUsd()).isCloseTo(0.15, within(1e-9));
        assertThat(l.run("r1").costUsd()).isCloseTo(0.03, within(1e-9));
        assertThat(l.session("s2").calls()).isEqualTo(1);
        assertThat(l.agent("main").costUsd()).isCloseTo(0.05, within(1e-9));
        assertThat(l.model("gpt-4o-mini").calls()).isEqualTo(3);
        assertThat(l.model("gpt-4o-mini").inputTokens()).isEqualTo(300);
        assertThat(l.byAgent()).containsOnlyKeys("analyst", "main");
        assertThat(l.byModel().keySet()).containsExactly("claude-haiku-4-5", "gpt-4o-mini");
        assertThat(l.run("nope")).isEqualTo(CostTotals.ZERO);
    }

    @Test
    void concurrentBookingsAreAllCounted() {
        CostLedger l = ledger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 500; i++) pool.submit(() -> l.book(call("r", "s", "a", "m", 0.001)));
        }
        assertThat(l.total().calls()).isEqualTo(500);
        assertThat(l.run("r").costUsd()).isCloseTo(0.5, within(1e-9));
    }
}
