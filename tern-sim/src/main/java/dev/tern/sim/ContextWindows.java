package dev.tern.sim;

import java.util.Map;

/** Which context window applies to a request (see {@code docs/SIMULATOR.md}, "Context windows"). */
final class ContextWindows {

    private final Map<String, Long> byName;
    private final long fallback;

    ContextWindows(SimConfig config) {
        this.byName = config.contextWindows();
        this.fallback = config.contextWindow();
    }

    /**
     * The model option {@code ctx}, else the configured window of the full model string, of {@code sim:<scenario>},
     * of the scenario name, else the scenario's {@code contextWindow}, else the server default; 0 = unlimited.
     *
     * @param scenario the answering scenario, nullable (e.g. embeddings)
     */
    long of(ModelSpec spec, Scenario scenario) {
        if (spec.context() >= 0) return spec.context();
        if (!byName.isEmpty()) {
            Long w = spec.model() == null ? null : byName.get(spec.model());
            if (w == null && spec.isSim()) w = byName.get(spec.base());
            if (w == null && scenario != null) w = byName.get(scenario.name());
            if (w != null) return w;
        }
        if (scenario != null && scenario.contextWindow() > 0) return scenario.contextWindow();
        return fallback;
    }

}
