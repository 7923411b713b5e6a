package dev.tern.agent;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * What a run carries to its tools and model calls.
 *
 * @param runId      unique id of this run
 * @param agent      the agent's name
 * @param sessionId  the conversation's id (prompt-cache key, session file), or null
 * @param workspace  the workspace folder, or null when there is none
 * @param events     where events go
 * @param deadline   when the run's wall-time limit expires (Instant.MAX for none)
 * @param attributes run-scoped shared state (e.g. the permission prompter, the parent session); thread-safe
 */
public record RunContext(String runId, String agent, String sessionId, Path workspace, Events events,
                         Instant deadline, Map<String, Object> attributes) {

    public RunContext {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(events, "events");
        agent = agent == null ? "agent" : agent;
        deadline = deadline == null ? Instant.MAX : deadline;
        attributes = attributes == null ? new ConcurrentHashMap<>() : attributes;
    }

    /** A context for using tools outside any agent run (tests, pre-fetch). */
    public static RunContext standalone(Path workspace) {
        return new RunContext("standalone", "standalone", null, workspace, Events.none("standalone"),
                Instant.MAX, new ConcurrentHashMap<>());
    }

    @SuppressWarnings("unchecked")
    public <T> T attribute(String key) { return (T) attributes.get(key); }

    public boolean expired() { return Instant.now().isAfter(deadline); }

    /** Attribute key of the run's money counter (a {@link DoubleAdder}); cost meters add to it. */
    public static final String COST_USD = "tern.cost.usd";

    /** The run's money counter, shared with sub-runs that share the attributes. */
    public DoubleAdder cost() {
        return (DoubleAdder) attributes.computeIfAbsent(COST_USD, k -> new DoubleAdder());
    }
}
