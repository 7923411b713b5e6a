package dev.tern.orchestration.workflow;

/** Hears a workflow run's {@link WorkflowEvent}s, from any thread. */
@FunctionalInterface
public interface WorkflowListener {

    WorkflowListener NONE = e -> { };

    void onEvent(WorkflowEvent event);
}
