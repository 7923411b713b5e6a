package dev.tern.memory.runs;

import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import dev.tern.run.RunResult;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records every finished run into agent memory, as a listener on the agents (the main agent and the
 * sub-agents whose events reach it): task from {@code RunStarted}, model from the last model call,
 * outcome, tokens, cost and wall time from {@code RunFinished}, handed to the workspace's
 * {@link RunWriter}, which stores them off the turn's thread. A run that could not be stored is counted
 * there and kept in {@link RunWriter#lastFailure()} (a listener cannot fail a run that already finished).
 */
public final class RunRecorder implements AgentListener {

    private record Started(String task, String model) { }

    private final RunWriter writer;
    private final String session;
    private final Clock clock;
    private final Map<String, Started> started = new ConcurrentHashMap<>();

    /**
     * @param writer  stores the runs (and opens the memory only when the first one arrives)
     * @param session the session the runs belong to, or null
     */
    public RunRecorder(RunWriter writer, String session, Clock clock) {
        this.writer = writer;
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
        writer.submit(new RunWriter.Finished(f.agent(), s.task(), r.text(), r.completed(), r.outcome().name(),
                r.usage().totalInputTokens(), r.usage().outputTokens(), r.costUsd(), r.wall(), s.model(), session,
                clock.instant()));
    }
}
