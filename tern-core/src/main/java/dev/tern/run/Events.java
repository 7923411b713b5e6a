package dev.tern.run;

import dev.tern.model.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The event sink of one run: fans events out to listeners. A failing listener is logged and skipped,
 * it never breaks the run.
 */
public final class Events {

    private static final Logger LOG = Logger.getLogger(Events.class.getName());

    private final String runId;
    private final String agent;
    private final List<AgentListener> listeners;

    public Events(String runId, String agent, List<AgentListener> listeners) {
        this.runId = runId;
        this.agent = agent;
        this.listeners = new CopyOnWriteArrayList<>(listeners);
    }

    /** A sink with no listeners, for tools used outside a run. */
    public static Events none(String runId) { return new Events(runId, "-", List.of()); }

    public String runId() { return runId; }

    public String agent() { return agent; }

    /** A sink for a child run (sub-agent) that reports to the same listeners. */
    public Events child(String childRunId, String childAgent) {
        return new Events(childRunId, childAgent, listeners);
    }

    public void add(AgentListener l) { listeners.add(l); }

    public void emit(AgentEvent e) {
        for (AgentListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "listener failed on " + e.getClass().getSimpleName(), ex);
            }
        }
    }

    public void toolProgress(String callId, String tool, String message, double fraction) {
        emit(new AgentEvent.ToolProgress(runId, agent, callId, tool, message, fraction));
    }

    public void messageAdded(Message m) {
        emit(new AgentEvent.MessageAdded(runId, agent, m));
    }
}
