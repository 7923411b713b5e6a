package dev.tern.tool;

import dev.tern.model.ToolCall;
import java.util.Optional;
import dev.tern.json.JsonObject;

/**
 * One call of a batch, resolved and prepared before scheduling.
 *
 * @param call      the model's call
 * @param tool      the tool, or null when unknown
 * @param arguments the prepared arguments, or null when there is a problem
 * @param problem   why the call cannot run (unknown tool, bad arguments), or null
 * @param resource  the resource the call touches, or null
 */
record CallPlan(ToolCall call, Tool tool, JsonObject arguments, String problem, String resource) {

    static CallPlan of(ToolCall call, ToolRegistry tools, ArgumentPreparer preparer) {
        Optional<Tool> found = tools.find(call.name());
        if (found.isEmpty()) {
            return new CallPlan(call, null, null, "unknown tool '" + call.name() + "'; available tools: "
                    + String.join(", ", tools.definitions().stream().map(d -> d.name()).toList()), null);
        }
        Tool tool = found.get();
        ArgumentPreparer.Prepared p = preparer.prepare(tool, call.argumentsJson());
        if (p.problem() != null) {
            return new CallPlan(call, tool, null, p.problem(), null);
        }
        String resource = null;
        ToolTraits traits = tool.traits();
        try {
            resource = traits.resourceOf(p.arguments());
        } catch (RuntimeException e) {
            return new CallPlan(call, tool, null, "invalid arguments for '" + call.name() + "': " + e.getMessage(), null);
        }
        return new CallPlan(call, tool, p.arguments(), null, resource);
    }

    boolean readOnly() { return tool == null || problem != null || tool.traits().readOnly(); }

    boolean exclusive() { return tool != null && problem == null && tool.traits().exclusive(); }

    /**
     * Whether this call (earlier in the model's order) must finish before {@code later} starts:
     * both touch the same declared resource and one of them writes, or one is exclusive and the other
     * is not read-only. A tool that declares nothing runs concurrently with the rest of the turn
     * (parallel by default): serialization only ever comes from declared traits. Invalid and unknown calls conflict with nothing (they only produce an error).
     */
    boolean conflicts(CallPlan later) {
        if (readOnly() && later.readOnly()) return false;
        if (problem != null || later.problem != null) return false;
        if ((exclusive() && !later.readOnly()) || (later.exclusive() && !readOnly())) return true;
        return resource != null && resource.equals(later.resource);
    }
}
