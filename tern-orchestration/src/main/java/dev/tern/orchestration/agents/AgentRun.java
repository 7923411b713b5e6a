package dev.tern.orchestration.agents;

import dev.tern.orchestration.tiers.ModelChoice;
import dev.tern.run.RunResult;

/**
 * One agent run from a definition.
 *
 * @param agent      the definition that ran
 * @param choice     the model it ran with last, and why (an escalation says so)
 * @param escalated  true when a failed or truncated answer was retried one tier up
 * @param result     the run's result (of the escalated run, when there was one)
 */
public record AgentRun(AgentDefinition agent, ModelChoice choice, boolean escalated, RunResult result) { }
