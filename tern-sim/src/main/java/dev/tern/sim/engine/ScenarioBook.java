package dev.tern.sim.engine;

import dev.tern.sim.Scenario;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The scenarios a server knows, in insertion order; thread-safe, adding replaces by name. */
public final class ScenarioBook {

    private final Map<String, Scenario> byName = new ConcurrentHashMap<>();
    private final List<Scenario> ordered = new CopyOnWriteArrayList<>();

    public ScenarioBook(List<Scenario> initial) {
        initial.forEach(this::add);
    }

    public synchronized void add(Scenario s) {
        Scenario old = byName.put(s.name(), s);
        if (old != null) ordered.set(ordered.indexOf(old), s);
        else ordered.add(s);
    }

    /** @return the scenario or null */
    public Scenario get(String name) {
        if (Scenario.ECHO.name().equals(name)) return byName.getOrDefault(name, Scenario.ECHO);
        return byName.get(name);
    }

    public List<Scenario> all() { return List.copyOf(ordered); }

    /**
     * Picks the scenario for a request: header, then model {@code sim:<name>} or {@code <name>},
     * then the first match on the first user message, else echo.
     *
     * @param header value of {@code X-Sim-Scenario}, nullable
     * @param model  requested model, nullable
     * @throws IllegalArgumentException when the header or a {@code sim:} model names an unknown scenario
     */
    public Scenario select(String header, String model, String firstUserText) {
        if (header != null && !header.isBlank()) {
            Scenario s = get(header.trim());
            if (s == null) throw new IllegalArgumentException("unknown sim scenario '" + header.trim() + "' (X-Sim-Scenario)");
            return s;
        }
        if (model != null) {
            if (model.startsWith("sim:")) {
                Scenario s = get(model.substring(4));
                if (s == null) throw new IllegalArgumentException("unknown sim scenario '" + model.substring(4) + "' (model)");
                return s;
            }
            Scenario s = get(model);
            if (s != null) return s;
        }
        for (Scenario s : ordered) if (s.matches(firstUserText)) return s;
        return get(Scenario.ECHO.name());
    }
}
