package dev.tern.run;

import dev.tern.cancel.Cancellation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * What a run carries to its tools and model calls.
 *
 * @param runId        unique id of this run
 * @param agent        the agent's name
 * @param sessionId    the conversation's id (prompt-cache key, session file), or null
 * @param workspace    the workspace folder, or null when there is none
 * @param events       where events go
 * @param cancellation the run's cancellation token; its deadline is the run's wall-time limit
 * @param attributes   run-scoped shared state (e.g. the parent session); thread-safe
 * @param journal      where the loop persists each step before going on ({@link RunJournal#NONE} for none)
 */
public record RunContext(String runId, String agent, String sessionId, Path workspace, Events events,
                         Cancellation cancellation, Map<String, Object> attributes, RunJournal journal) {

    public RunContext {
        journal = journal == null ? RunJournal.NONE : journal;
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(events, "events");
        agent = agent == null ? "agent" : agent;
        cancellation = cancellation == null ? Cancellation.create() : cancellation;
        attributes = attributes == null ? new ConcurrentHashMap<>() : attributes;
    }

    /** A context with a token and no journal. */
    public RunContext(String runId, String agent, String sessionId, Path workspace, Events events,
                      Cancellation cancellation, Map<String, Object> attributes) {
        this(runId, agent, sessionId, workspace, events, cancellation, attributes, RunJournal.NONE);
    }

    /** A context with a deadline, a fresh token and no journal (tests, pre-fetch). */
    public RunContext(String runId, String agent, String sessionId, Path workspace, Events events,
                      Instant deadline, Map<String, Object> attributes) {
        this(runId, agent, sessionId, workspace, events, Cancellation.withDeadline(deadline), attributes, RunJournal.NONE);
    }

    /** A context for using tools outside any agent run (tests, pre-fetch). */
    public static RunContext standalone(Path workspace) {
        return new RunContext("standalone", "standalone", null, workspace, Events.none("standalone"),
                Cancellation.create(), new ConcurrentHashMap<>(), RunJournal.NONE);
    }

    @SuppressWarnings("unchecked")
    public <T> T attribute(String key) { return (T) attributes.get(key); }

    /** When the run's wall-time limit expires (Instant.MAX for none). */
    public Instant deadline() { return cancellation.deadline(); }

    /** True when the run was cancelled or its wall-time limit passed. */
    public boolean expired() { return cancellation.isCancelled(); }

    /** Attribute key of the run's money counter (a {@link DoubleAdder}); cost meters add to it. */
    public static final String COST_USD = "tern.cost.usd";

    /** The run's money counter, shared with sub-runs that share the attributes. */
    public DoubleAdder cost() {
        return (DoubleAdder) attributes.computeIfAbsent(COST_USD, k -> new DoubleAdder());
    }
}
