package dev.tern.sim.engine;

import dev.tern.sim.ModelSpec;
import dev.tern.sim.Scenario;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The scenarios a server knows, in insertion order; thread-safe, adding replaces by name. Scenarios
 * named {@code file:<name>} come from the scenario directory when one is configured.
 */
public final class ScenarioBook {

    private final Map<String, Scenario> byName = new ConcurrentHashMap<>();
    private final List<Scenario> ordered = new CopyOnWriteArrayList<>();
    private final ScenarioDir dir;

    public ScenarioBook(List<Scenario> initial) {
        this(initial, null);
    }

    /** @param dir scenario directory for {@code file:<name>} scenarios, nullable */
    public ScenarioBook(List<Scenario> initial, ScenarioDir dir) {
        this.dir = dir;
        initial.forEach(this::add);
    }

    public synchronized void add(Scenario s) {
        Scenario old = byName.put(s.name(), s);
        if (old != null) ordered.set(ordered.indexOf(old), s);
        else ordered.add(s);
    }

    /** @return the scenario or null (a {@code file:} name is looked up in the scenario directory) */
    public Scenario get(String name) {
        Scenario s = byName.get(name);
        if (s != null) return s;
        if (Scenario.ECHO.name().equals(name)) return Scenario.ECHO;
        if (name.startsWith(ScenarioDir.PREFIX)) {
            if (dir == null) throw new IllegalArgumentException("unknown sim scenario '" + name
                    + "': the simulator was started without a scenario directory (--scenario-dir)");
            return dir.resolve(name.substring(ScenarioDir.PREFIX.length()));
        }
        return null;
    }

    public List<Scenario> all() { return List.copyOf(ordered); }

    /** Names of the {@code file:} scenarios in the scenario directory (empty without one). */
    public List<String> fileNames() { return dir == null ? List.of() : dir.names(); }

    /** Same as {@link #select(String, ModelSpec, String)} for a model string without options. */
    public Scenario select(String header, String model, String firstUserText) {
        return select(header, ModelSpec.parse(model), firstUserText);
    }

    /**
     * Picks the scenario for a request: header, then model {@code sim:<name>[,options]} or {@code <name>},
     * then the first match on the first user message, else echo.
     *
     * @param header value of {@code X-Sim-Scenario}, nullable
     * @param spec   the requested model
     * @throws IllegalArgumentException when the header or a {@code sim:} model names an unknown scenario
     */
    public Scenario select(String header, ModelSpec spec, String firstUserText) {
        if (header != null && !header.isBlank()) {
            Scenario s = get(header.trim());
            if (s == null) throw new IllegalArgumentException("unknown sim scenario '" + header.trim() + "' (X-Sim-Scenario)");
            return s;
        }
        if (spec.scenario() != null) {
            Scenario s = get(spec.scenario());
            if (s == null) throw new IllegalArgumentException("unknown sim scenario '" + spec.scenario() + "' (model)");
            return s;
        }
        if (spec.model() != null && !spec.isSim()) {
            Scenario s = byName.get(spec.model());
            if (s != null) return s;
            if (Scenario.ECHO.name().equals(spec.model())) return get(Scenario.ECHO.name());
        }
        for (Scenario s : ordered) if (s.matches(firstUserText)) return s;
        return get(Scenario.ECHO.name());
    }

    /** Forgets the parsed scenario files. */
    public void clearFiles() {
        if (dir != null) dir.clear();
    }
}
