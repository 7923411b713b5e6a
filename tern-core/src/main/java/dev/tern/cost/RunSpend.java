package dev.tern.cost;

import dev.tern.run.RunContext;
import dev.tern.model.Usage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * What one run has used so far: tokens billed and money spent. Kept in the run's attributes, so it
 * lives exactly as long as the run. Thread-safe.
 */
public final class RunSpend {

    /** The run attribute that holds it. */
    public static final String ATTRIBUTE = "tern.run.spend";

    private final AtomicLong tokens = new AtomicLong();
    private final DoubleAdder costUsd = new DoubleAdder();

    /** The spend of a run, created on first use. */
    public static RunSpend of(RunContext run) {
        return (RunSpend) run.attributes().computeIfAbsent(ATTRIBUTE, k -> new RunSpend());
    }

    public void add(Usage usage, double usd) {
        tokens.addAndGet(usage.totalTokens());
        costUsd.add(usd);
    }

    /** Tokens billed so far: input (including cache reads and writes) and output. */
    public long tokens() { return tokens.get(); }

    public double costUsd() { return costUsd.sum(); }
}
