package dev.tern.orchestration.workflow;

/** A workflow that cannot start: an unknown agent, a report file outside the workspace. One line. */
public final class WorkflowSetupException extends RuntimeException {
    public WorkflowSetupException(String message) { super(message); }
}
