package dev.tern.orchestration.agents;

import dev.tern.orchestration.files.Problem;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agents of a workspace at one moment, immutable: sorted by priority then name, by name, and the
 * files that failed (with their line) or carry remarks.
 *
 * @param agents   every loaded agent, sorted by priority (lower first) then name
 * @param byName   the same, by name
 * @param problems broken files (not loaded) and remarks (unknown tool names), in file order
 * @param version  increases whenever a definition was added, changed or removed
 */
public record AgentCatalog(List<AgentDefinition> agents, Map<String, AgentDefinition> byName, List<Problem> problems,
                           long version) {

    /** Listing order: priority, then name. */
    public static final Comparator<AgentDefinition> ORDER =
            Comparator.comparingInt(AgentDefinition::priority).thenComparing(AgentDefinition::name);

    public AgentCatalog {
        agents = List.copyOf(agents);
        byName = Map.copyOf(byName);
        problems = List.copyOf(problems);
    }

    public Optional<AgentDefinition> find(String name) { return Optional.ofNullable(byName.get(name)); }

    public int size() { return agents.size(); }

    /**
     * One page of the listing.
     *
     * @param page 1-based
     * @param size agents per page (at least 1)
     */
    public List<AgentDefinition> page(int page, int size) {
        if (page < 1 || size < 1) throw new IllegalArgumentException("page and page size must be at least 1");
        long from = (long) (page - 1) * size;
        if (from >= agents.size()) return List.of();
        return agents.subList((int) from, (int) Math.min(agents.size(), from + size));
    }

    /** Pages needed for every agent at {@code size} per page. */
    public int pages(int size) { return Math.max(1, (agents.size() + size - 1) / size); }
}
