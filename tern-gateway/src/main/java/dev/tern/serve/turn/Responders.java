package dev.tern.serve.turn;

import dev.tern.runtime.WorkspaceRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every source of responders, asked in order: extra sources, agents and workflows, the default agent (which answers plain model names). */
public final class Responders {

    private final List<ResponderSource> sources;

    /**
     * @param extra further sources, asked first; then the workspace's agents and workflows
     *              ({@code OrchestrationSource}), then the default agent
     */
    public Responders(List<ResponderSource> extra) {
        List<ResponderSource> all = new ArrayList<>(extra);
        all.add(new dev.tern.serve.orchestration.OrchestrationSource());
        all.add(new MainAgentSource());
        this.sources = List.copyOf(all);
    }

    /** Every responder of the workspace, by model id (first source wins). */
    public List<Responder> list(WorkspaceRuntime space) {
        Map<String, Responder> out = new LinkedHashMap<>();
        for (ResponderSource s : sources) {
            for (Responder r : s.list(space)) out.putIfAbsent(r.model(), r);
        }
        return List.copyOf(out.values());
    }

    /** The responder of {@code model}, or empty for an unknown {@code tern:} id. */
    public Optional<Responder> find(WorkspaceRuntime space, String model) {
        for (ResponderSource s : sources) {
            Optional<Responder> r = s.find(space, model);
            if (r.isPresent()) return r;
        }
        return Optional.empty();
    }
}
