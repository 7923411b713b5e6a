package dev.tern.memory.runs;

import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import dev.tern.run.RunResult;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Records every finished run into agent memory, as a listener on the agents (the main agent and the
 * sub-agents whose events reach it): task from {@code RunStarted}, model from the last model call,
 * outcome, tokens, cost and wall time from {@code RunFinished}. A run that could not be stored is
 * counted and kept in {@link #lastFailure()} (a listener cannot fail a run that already finished).
 */
public final class RunRecorder implements AgentListener {

    private static final Logger LOG = Logger.getLogger(RunRecorder.class.getName());

    private record Started(String task, String model) { }

    private final java.util.function.Supplier<AgentMemory> memory;
    private final String session;
    private final Clock clock;
    private final Map<String, Started> started = new ConcurrentHashMap<>();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<RuntimeException> lastFailure = new AtomicReference<>();

    /**
     * @param memory  the agent memory, asked for only when a run finishes (so it can be opened lazily)
     * @param session the session the runs belong to, or null
     */
    public RunRecorder(java.util.function.Supplier<AgentMemory> memory, String session, Clock clock) {
        this.memory = memory;
        this.session = session;
        this.clock = clock;
    }

    @Override
    public void onEvent(AgentEvent e) {
        switch (e) {
            case AgentEvent.RunStarted s -> started.put(s.runId(), new Started(s.input(), null));
            case AgentEvent.ModelRequested m -> started.computeIfPresent(m.runId(), (k, v) -> new Started(v.task(), m.model()));
            case AgentEvent.RunFinished f -> record(f);
            case AgentEvent.RunFailed f -> started.remove(f.runId());
            default -> { }
        }
    }

    private void record(AgentEvent.RunFinished f) {
        Started s = started.remove(f.runId());
        if (s == null || s.task() == null || s.task().isBlank()) return;
        RunResult r = f.result();
        try {
            AgentMemory m = memory.get();
            m.record(new RunDraft(f.agent(), s.task(), m.summarise(r.text()), r.completed(), r.outcome().name(),
                    r.usage().totalInputTokens(), r.usage().outputTokens(), r.costUsd(), r.wall(), s.model(), session,
                    clock.instant(), null));
            recorded.incrementAndGet();
        } catch (RuntimeException ex) {
            failed.incrementAndGet();
            lastFailure.set(ex);
            LOG.warning("agent memory: cannot record run " + f.runId() + ": " + ex.getMessage());
        }
    }

    public long recorded() { return recorded.get(); }

    public long failed() { return failed.get(); }

    /** The last run that could not be stored, or null. */
    public RuntimeException lastFailure() { return lastFailure.get(); }
}
