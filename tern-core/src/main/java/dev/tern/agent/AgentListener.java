package dev.tern.agent;

/** Receives the events of runs. Called synchronously on the thread that produced the event: be quick. */
@FunctionalInterface
public interface AgentListener {
    void onEvent(AgentEvent event);
}
