package dev.tern.run;

/** Receives the events of runs. Called synchronously on the thread that produced the event: be quick. */
@FunctionalInterface
public interface AgentListener {
    void onEvent(AgentEvent event);
}
