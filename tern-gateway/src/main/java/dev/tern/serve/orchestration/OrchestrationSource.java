package dev.tern.serve.orchestration;

import dev.tern.orchestration.Orchestration;
import dev.tern.orchestration.agents.AgentDefinition;
import dev.tern.orchestration.workflow.WorkflowDefinition;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.serve.turn.MainAgentSource;
import dev.tern.serve.turn.Responder;
import dev.tern.serve.turn.ResponderSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The workspace's agents ({@code agents/*.md}, {@code .claude/agents/*.md}) as {@code tern:agent/<name>} (and
 * {@code tern:agent/auto}, which routes first) and its workflows ({@code workflows/*.md}) as
 * {@code tern:workflow/<name>}, from {@code WorkspaceRuntime.orchestration()}: the same definitions, routing,
 * model tiers and runners as {@code tern run --agent} and {@code tern workflow}.
 */
public final class OrchestrationSource implements ResponderSource {

    @Override
    public List<Responder> list(WorkspaceRuntime space) {
        Orchestration o = space.orchestration();
        List<Responder> out = new ArrayList<>();
        for (AgentDefinition d : o.catalog().agents()) out.add(new AgentResponder(d.name(), d.description()));
        if (!o.catalog().agents().isEmpty()) out.add(new AgentResponder(Orchestration.AUTO, "routes the task to the best-fitting agent"));
        for (WorkflowDefinition w : o.workflows().catalog().workflows()) out.add(new WorkflowResponder(w.name(), w.description()));
        return out;
    }

    @Override
    public Optional<Responder> find(WorkspaceRuntime space, String model) {
        Orchestration o = space.orchestration();
        if (model.startsWith(MainAgentSource.AGENT_PREFIX)) {
            String name = model.substring(MainAgentSource.AGENT_PREFIX.length());
            if (name.equals(Orchestration.AUTO) && !o.catalog().agents().isEmpty()) {
                return Optional.of(new AgentResponder(name, "routes the task to the best-fitting agent"));
            }
            return o.catalog().find(name).map(d -> new AgentResponder(d.name(), d.description()));
        }
        if (model.startsWith(MainAgentSource.WORKFLOW_PREFIX)) {
            String name = model.substring(MainAgentSource.WORKFLOW_PREFIX.length());
            return o.workflows().catalog().find(name).map(w -> new WorkflowResponder(w.name(), w.description()));
        }
        return Optional.empty();
    }
}
