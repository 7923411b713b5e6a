package dev.tern.serve.orchestration;

import dev.tern.agent.Agent;
import dev.tern.orchestration.Orchestration;
import dev.tern.orchestration.agents.AgentDefinition;
import dev.tern.orchestration.tiers.ModelChoice;
import dev.tern.orchestration.workflow.WorkflowSetupException;
import dev.tern.run.RunResult;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.serve.turn.AgentTurns;
import dev.tern.serve.turn.MainAgentSource;
import dev.tern.serve.turn.Responder;
import dev.tern.serve.turn.Turn;

/**
 * One agent of the workspace ({@code tern:agent/<name>}; {@code auto} routes the task first): the agent is built
 * from its definition on the workspace's gateway and executor (model through the tiers), then runs like the
 * default agent (sessions, the client's tools, continuation after their results).
 */
record AgentResponder(String name, String about) implements Responder {

    @Override public String model() { return MainAgentSource.AGENT_PREFIX + name; }

    @Override public String description() { return about == null || about.isBlank() ? "agent " + name : about; }

    @Override
    public RunResult answer(WorkspaceRuntime space, Turn turn) {
        Orchestration o = space.orchestration();
        String task = turn.input() != null ? turn.input() : "";
        AgentDefinition d;
        try {
            d = o.resolve(name, task, route -> { });
        } catch (WorkflowSetupException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        ModelChoice choice = o.factory().choose(d, task);
        Agent agent = o.factory().agent(d, choice);
        return AgentTurns.run(space, agent, turn);
    }
}
