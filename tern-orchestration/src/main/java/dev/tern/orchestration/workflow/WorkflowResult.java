package dev.tern.orchestration.workflow;

import dev.tern.orchestration.tiers.ModelChoice;
import dev.tern.run.RunResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A finished workflow run.
 *
 * @param workflow     its name
 * @param outcome      how it ended
 * @param reason       why it did not complete (one line), or null
 * @param steps        the steps that ran (gather is index 0 when present)
 * @param report       the report file written, or null
 * @param wall         total wall time
 * @param firstSection time from the start to the first report section on the sink, or null
 * @param text         the last step's output (the report's sections joined, or the agents' outputs)
 */
public record WorkflowResult(String workflow, Outcome outcome, String reason, List<StepResult> steps, Path report,
                             Duration wall, Duration firstSection, String text) {

    public enum Outcome { COMPLETED, FAILED, LIMIT, CANCELLED }

    /** One agent's run within a step. */
    public record AgentResult(String agent, ModelChoice model, boolean escalated, RunResult result) { }

    /** One step: what ran and how long it took. */
    public record StepResult(int index, String label, Duration elapsed, List<AgentResult> agents, List<Output> outputs) {
        public StepResult {
            agents = List.copyOf(agents);
            outputs = List.copyOf(outputs);
        }
    }

    public WorkflowResult {
        steps = List.copyOf(steps);
    }

    public boolean completed() { return outcome == Outcome.COMPLETED; }
}
