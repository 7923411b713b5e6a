package dev.tern.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.run.RunResult;
import dev.tern.store.SubagentResultStore;
import dev.tern.store.SubagentResultStore.Result;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** What every {@link SubagentResultStore} must do. */
public abstract class SubagentResultStoreContract {

    protected abstract SubagentResultStore store();

    private static Result result(String id, String session) {
        return new Result(id, session, "task " + id, "run-" + id, "answer " + id, RunResult.Outcome.COMPLETED, null, Duration.ofMillis(5));
    }

    @Test
    void resultsAreDrainedOldestFirstAndOnlyOnce() {
        SubagentResultStore s = store();
        s.deliver(result("1", "alice"));
        s.deliver(result("2", "alice"));
        assertThat(s.pending("alice")).isEqualTo(2);
        assertThat(s.drain("alice")).extracting(Result::id).containsExactly("1", "2");
        assertThat(s.drain("alice")).isEmpty();
        assertThat(s.pending("alice")).isZero();
    }

    @Test
    void sessionsNeverSeeEachOthersResults() {
        SubagentResultStore s = store();
        s.deliver(result("1", "alice"));
        s.deliver(result("2", "bob"));
        assertThat(s.drain("bob")).extracting(Result::id).containsExactly("2");
        assertThat(s.drain("alice")).extracting(Result::id).containsExactly("1");
        assertThat(s.drain("carol")).isEmpty();
    }

    @Test
    void concurrentDeliveriesAreAllKept() {
        SubagentResultStore s = store();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                pool.submit(() -> s.deliver(result(String.valueOf(n), "busy")));
            }
        }
        assertThat(s.drain("busy")).hasSize(200);
    }
}
