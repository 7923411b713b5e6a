package dev.tern.orchestration.workflow;

import dev.tern.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A workflow from {@code workflows/<name>.md}: optional tool calls gathered concurrently before any
 * agent, then steps (parallel agents, sequential agents, a report written by sections).
 *
 * @param name        unique name (front matter {@code name}, else the file name)
 * @param description one line
 * @param gather      tool calls run concurrently first; {@code {{input}}} in string arguments is replaced
 * @param steps       in order, at most {@code maxSteps}
 * @param instructions the markdown body, given to every agent of the workflow before its input ("" for none)
 * @param file        where it was read from
 */
public record WorkflowDefinition(String name, String description, List<GatherCall> gather, List<Step> steps,
                                 String instructions, Path file) {

    /** A tool call of the gather step. */
    public record GatherCall(String tool, JsonObject arguments) { }

    public WorkflowDefinition {
        gather = List.copyOf(gather);
        steps = List.copyOf(steps);
        instructions = instructions == null ? "" : instructions;
    }

    /** Every agent the workflow runs, in order of first use. */
    public Set<String> agents() {
        Set<String> out = new LinkedHashSet<>();
        for (Step s : steps) out.addAll(s.agents());
        return out;
    }
}
