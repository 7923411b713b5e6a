package dev.tern.orchestration.workflow;

import java.time.Duration;
import java.util.List;

/** What a workflow run reports besides its agents' own events (which go to the agent listeners). */
public sealed interface WorkflowEvent {

    /** The run began; {@code eta} estimates it from earlier runs of the same steps. */
    record Started(String workflow, String input, List<String> steps, Eta eta) implements WorkflowEvent { }

    /** Step {@code index} (0 = gather, then 1..n) began. */
    record StepStarted(int index, int steps, String label, List<String> agents) implements WorkflowEvent { }

    record StepFinished(int index, String label, Duration elapsed, boolean ok) implements WorkflowEvent { }

    /**
     * A report section was emitted (printed and appended to the file).
     *
     * @param afterModel time from the end of its model call to its emission (waiting for earlier sections included)
     * @param sinceStart time from the start of the workflow
     */
    record SectionEmitted(int index, int sections, String title, int chars, Duration afterModel, Duration sinceStart)
            implements WorkflowEvent { }

    /** A remark worth a line: the model an agent runs with, an escalation, what the gather step fetched. */
    record Notice(String text) implements WorkflowEvent { }

    record Finished(WorkflowResult result) implements WorkflowEvent { }
}
