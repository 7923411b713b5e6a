package dev.tern.cli;

import dev.tern.json.Json;
import dev.tern.memory.WorkspaceMemory;
import dev.tern.memory.facts.Fact;
import dev.tern.memory.graph.Entity;
import dev.tern.memory.recall.RecallItem;
import dev.tern.memory.runs.AgentMemory;
import dev.tern.memory.runs.RunRecord;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What {@code tern memory} prints: search hits (text and JSON), the overview, the JSON Lines export. */
final class MemoryOutput {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private MemoryOutput() { }

    /**
     * One search result.
     *
     * @param kind  fact, episode, relation or run
     * @param extra further fields for JSON (agent, success, subject ...)
     */
    record Hit(long id, String kind, String text, double score, Instant time, Map<String, Object> extra) { }

    /** Facts, conversations and relations from long-term memory, and every agent's past runs, best first. */
    static List<Hit> search(WorkspaceMemory m, String query, int limit) {
        List<Hit> hits = new ArrayList<>();
        for (RecallItem i : m.longTerm().search(query, limit)) {
            hits.add(new Hit(i.id(), i.kind().id(), i.text(), i.score(), i.time(), Map.of()));
        }
        for (String agent : m.agents().runs().countByAgent().keySet()) {
            for (AgentMemory.Similar s : m.agents().similar(agent, query, limit, true)) {
                RunRecord r = s.run();
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("agent", r.agent());
                extra.put("success", r.success());
                extra.put("summary", r.summary());
                hits.add(new Hit(r.id(), "run", r.task(), s.score(), r.finishedAt(), extra));
            }
        }
        hits.sort(Comparator.comparingDouble(Hit::score).reversed());
        return hits.size() <= limit ? hits : List.copyOf(hits.subList(0, limit));
    }

    static String line(Hit h) {
        String where = switch (h.kind()) {
            case "fact" -> "fact #" + h.id();
            case "run" -> "run #" + h.id() + " (" + h.extra().get("agent") + ")";
            default -> h.kind() + " #" + h.id();
        };
        return String.format(Locale.ROOT, "%-22s %.2f  %s%s", where, h.score(), h.text().replaceAll("\\s+", " "),
                h.time() == null ? "" : "  [" + DAY.format(h.time()) + "]");
    }

    static String json(List<Hit> hits) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (Hit h : hits) {
            ObjectNode o = a.addObject();
            o.put("id", h.id());
            o.put("kind", h.kind());
            o.put("text", h.text());
            o.put("score", Math.round(h.score() * 10_000) / 10_000.0);
            if (h.time() != null) o.put("time", h.time().toString());
            h.extra().forEach((k, v) -> o.set(k, Json.MAPPER.valueToTree(v)));
        }
        return Json.write(a);
    }

    static void show(WorkspaceMemory m, int limit, PrintStream out) {
        var facts = m.longTerm().facts();
        var graph = m.longTerm().graph();
        var runs = m.agents().runs();
        out.println("Memory of " + m.workspace() + " (" + m.workspace().relativize(m.database().file()) + ")");
        out.printf(Locale.ROOT, "  facts: %d current (%d with history) | conversations: %d | graph: %d entities, %d relations%n",
                facts.countCurrent(), facts.countAll(), m.longTerm().episodes().count(), graph.countEntities(), graph.countRelations());
        Map<String, Long> byAgent = runs.countByAgent();
        out.println("  past runs: " + runs.count() + (byAgent.isEmpty() ? "" : " " + byAgent));
        out.println("  embeddings: " + (m.embeddings().enabled() ? m.embeddings().modelId() + " (" + m.embeddings().dimension() + " dims)"
                : "off (keywords and graph only)"));
        List<Fact> recent = facts.recent(limit);
        if (!recent.isEmpty()) {
            out.println("Recent facts:");
            Instant now = Instant.now();
            for (Fact f : recent) {
                out.printf(Locale.ROOT, "  #%-6d %s  (confidence %.2f, confirmed %s, from %s)%n", f.id(), f.text(),
                        f.effectiveConfidence(now, m.longTerm().options().halfLife()), DAY.format(f.confirmedAt()), f.source());
            }
        }
        List<Entity> top = graph.topEntities(10);
        if (!top.isEmpty()) {
            StringBuilder b = new StringBuilder("Most mentioned:");
            for (Entity e : top) b.append(' ').append(e.name()).append(" (").append(e.mentions()).append(')');
            out.println(b);
        }
    }

    /** Streams every record as one JSON object per line; returns how many. */
    static long export(WorkspaceMemory m, PrintStream out) {
        long[] n = {0};
        m.longTerm().facts().forEachAll(f -> write(out, "fact", f, n));
        m.longTerm().episodes().forEach(e -> write(out, "episode", e, n));
        m.longTerm().graph().forEach(e -> write(out, "entity", e, n), r -> write(out, "relation", r, n));
        m.agents().runs().forEach(r -> write(out, "run", r, n));
        return n[0];
    }

    private static void write(PrintStream out, String kind, Object record, long[] n) {
        ObjectNode o = Json.MAPPER.valueToTree(record);
        o.put("kind", kind);
        out.println(Json.write(o));
        n[0]++;
    }
}
