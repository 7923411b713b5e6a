package dev.tern.orchestration.workflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The expected duration of each step of a run (from earlier runs of the same steps, {@link StepTimes}),
 * and what is left at a given moment: the expected time of the steps not started, plus what the current
 * step still needs (never below zero; a step running longer than usual counts as almost done).
 *
 * @param expected per step index (0 = gather); null where there is no history
 */
public record Eta(List<Duration> expected) {

    public Eta {
        expected = java.util.Collections.unmodifiableList(new ArrayList<>(expected));
    }

    /** True when every step has a history. */
    public boolean complete() { return !expected.contains(null); }

    /** Whether any step has a history at all. */
    public boolean known() { return expected.stream().anyMatch(d -> d != null); }

    /**
     * The time left when step {@code current} has been running for {@code inStep}.
     *
     * @return null when nothing is known about the remaining steps
     */
    public Duration remaining(int current, Duration inStep) {
        long ms = 0;
        boolean any = false;
        for (int i = Math.max(0, current); i < expected.size(); i++) {
            Duration d = expected.get(i);
            if (d == null) continue;
            any = true;
            ms += i == current ? Math.max(d.toMillis() / 10, d.toMillis() - inStep.toMillis()) : d.toMillis();
        }
        return any ? Duration.ofMillis(ms) : null;
    }
}
