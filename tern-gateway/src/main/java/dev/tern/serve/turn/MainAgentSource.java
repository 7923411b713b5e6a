package dev.tern.serve.turn;

import dev.tern.run.RunResult;
import dev.tern.runtime.WorkspaceRuntime;
import java.util.List;
import java.util.Optional;

/**
 * The workspace's default agent: model {@code tern} (also {@code tern:agent/main}), and any plain model name
 * (an OpenAI client's {@code gpt-4o-mini}) — the agent answers on the workspace's configured model.
 */
public final class MainAgentSource implements ResponderSource {

    public static final String MODEL = "tern";
    public static final String AGENT_PREFIX = "tern:agent/";
    public static final String WORKFLOW_PREFIX = "tern:workflow/";

    private static final Responder MAIN = new Responder() {
        @Override public String model() { return MODEL; }

        @Override public String description() { return "the workspace's default agent"; }

        @Override public RunResult answer(WorkspaceRuntime space, Turn turn) { return AgentTurns.run(space, space.agent(), turn); }
    };

    @Override
    public List<Responder> list(WorkspaceRuntime space) { return List.of(MAIN); }

    @Override
    public Optional<Responder> find(WorkspaceRuntime space, String model) {
        if (model.equals(MODEL) || model.equals(AGENT_PREFIX + space.agent().name()) || !model.startsWith("tern:")) {
            return Optional.of(MAIN);
        }
        return Optional.empty();
    }
}
