package dev.tern.orchestration.routing;

import dev.tern.embed.Embedder;
import dev.tern.orchestration.agents.AgentCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Hybrid routing, keywords first: a task whose keywords name a clear winner is routed on them alone
 * (no model, microseconds); otherwise it is embedded with the local sentence-embedding model and
 * compared with the agents' descriptions ({@code semantic} when no keyword matched, {@code hybrid}
 * when keyword and embedding scores are blended). The indexes are rebuilt only when the agent catalog
 * changes; the embedder is created on first need (and unloads its model when idle). Thread-safe.
 */
public final class Router {

    /** Candidates kept in a route. */
    public static final int TOP = 5;

    private final Supplier<AgentCatalog> catalogs;
    private final Supplier<Embedder> descriptionEmbedders;
    private final Supplier<Embedder> taskEmbedders;
    private final Object lock = new Object();
    private volatile Embedder embedder;
    private volatile Embedder taskEmbedder;
    private volatile Built built;

    private record Built(long version, AgentCatalog catalog, KeywordIndex keywords, SemanticIndex[] semantic) { }

    /**
     * @param catalogs  the current agents (re-checked on each route)
     * @param embedders creates the embedder on first semantic route; may throw when no model is available
     */
    public Router(Supplier<AgentCatalog> catalogs, Supplier<Embedder> embedders) {
        this(catalogs, embedders, null);
    }

    /**
     * @param descriptions embeds the agents' descriptions (typically cached on disk)
     * @param tasks        embeds tasks (typically cached in memory only: tasks are rarely repeated across runs);
     *                     null to use {@code descriptions}
     */
    public Router(Supplier<AgentCatalog> catalogs, Supplier<Embedder> descriptions, Supplier<Embedder> tasks) {
        this.catalogs = catalogs;
        this.descriptionEmbedders = descriptions;
        this.taskEmbedders = tasks;
    }

    /** Routes {@code task} among the current agents. */
    public Route route(String task) {
        return route(task, catalogs.get());
    }

    /** Routes {@code task} among the agents of {@code catalog}. */
    public Route route(String task, AgentCatalog catalog) {
        if (catalog.size() == 0) return new Route(null, 0, Route.KEYWORD, List.of(), "no agents are defined (agents/*.md)");
        Built b = built(catalog);
        Set<String> terms = Terms.of(task);
        KeywordIndex.Result kw = b.keywords().rank(terms, TOP);
        if (kw.decisive()) {
            Route.Ranked top = kw.ranked().getFirst();
            return new Route(top.agent(), round(kw.confidence()), Route.KEYWORD, kw.ranked(),
                    "keywords matched " + top.agent() + " (score " + fmt(top.score()) + " vs " + fmt(kw.second()) + ")");
        }
        List<Route.Ranked> sem;
        try {
            sem = semantic(b).search(taskEmbedder().embed(task), TOP);
        } catch (RuntimeException e) {
            String why = "semantic routing unavailable (" + e.getMessage() + ")";
            if (!kw.matched()) return new Route(null, 0, Route.KEYWORD, List.of(), "no keyword matched; " + why);
            Route.Ranked top = kw.ranked().getFirst();
            return new Route(top.agent(), round(kw.confidence()), Route.KEYWORD, kw.ranked(), "keywords only; " + why);
        }
        if (!kw.matched()) {
            double s1 = sem.isEmpty() ? 0 : sem.get(0).score();
            double s2 = sem.size() > 1 ? sem.get(1).score() : 0;
            String agent = sem.isEmpty() ? null : sem.getFirst().agent();
            return new Route(agent, round(semanticConfidence(s1, s2)), Route.SEMANTIC, sem,
                    "no keyword matched; closest description: " + agent + " (similarity " + fmt(s1) + " vs " + fmt(s2) + ")");
        }
        List<Route.Ranked> blend = blend(kw, sem);
        Route.Ranked top = blend.getFirst();
        double second = blend.size() > 1 ? blend.get(1).score() : 0;
        return new Route(top.agent(), round(semanticConfidence(top.score(), second)), Route.HYBRID, blend,
                "keywords were not decisive (" + fmt(kw.top()) + " vs " + fmt(kw.second()) + "); keywords and description similarity "
                        + "together chose " + top.agent());
    }

    /** Weight of the keyword part in a hybrid score; keyword scores count up to {@link #KEYWORD_SATURATION}. */
    static final double KEYWORD_WEIGHT = 0.35, KEYWORD_SATURATION = 3.0;

    /**
     * Keywords that were not decisive act as a prior: 0.35 × min(1, score / 3) plus 0.65 × cosine similarity,
     * over both candidate lists (a single weak match cannot outvote a clearly closer description).
     */
    static List<Route.Ranked> blend(KeywordIndex.Result kw, List<Route.Ranked> sem) {
        Map<String, double[]> parts = new LinkedHashMap<>();
        for (Route.Ranked r : kw.ranked()) {
            parts.computeIfAbsent(r.agent(), a -> new double[2])[0] = Math.min(1, r.score() / KEYWORD_SATURATION);
        }
        for (Route.Ranked r : sem) parts.computeIfAbsent(r.agent(), a -> new double[2])[1] = r.score();
        Map<String, Integer> order = new HashMap<>();
        for (String a : parts.keySet()) order.put(a, order.size());
        List<Route.Ranked> out = new ArrayList<>();
        parts.forEach((a, p) -> out.add(new Route.Ranked(a, round(KEYWORD_WEIGHT * p[0] + (1 - KEYWORD_WEIGHT) * p[1]))));
        out.sort(Comparator.comparingDouble(Route.Ranked::score).reversed().thenComparing(r -> order.get(r.agent())));
        return out.size() > TOP ? List.copyOf(out.subList(0, TOP)) : out;
    }

    /** Similarity of the best, discounted when the runner-up is close. */
    static double semanticConfidence(double s1, double s2) {
        double margin = Math.min(1, 0.5 + Math.max(0, s1 - s2) * 5);
        return Math.max(0, Math.min(1, s1)) * margin;
    }

    private Built built(AgentCatalog catalog) {
        Built b = built;
        if (b != null && b.version() == catalog.version() && b.catalog() == catalog) return b;
        synchronized (lock) {
            b = built;
            if (b == null || b.version() != catalog.version() || b.catalog() != catalog) {
                b = new Built(catalog.version(), catalog, new KeywordIndex(catalog.agents()), new SemanticIndex[1]);
                built = b;
            }
            return b;
        }
    }

    private SemanticIndex semantic(Built b) {
        SemanticIndex s = b.semantic()[0];
        if (s != null) return s;
        synchronized (b.semantic()) {
            if (b.semantic()[0] == null) b.semantic()[0] = new SemanticIndex(b.catalog().agents(), embedder());
            return b.semantic()[0];
        }
    }

    private Embedder embedder() {
        Embedder e = embedder;
        if (e != null) return e;
        synchronized (lock) {
            if (embedder == null) embedder = descriptionEmbedders.get();
            return embedder;
        }
    }

    private Embedder taskEmbedder() {
        if (taskEmbedders == null) return embedder();
        Embedder e = taskEmbedder;
        if (e != null) return e;
        synchronized (lock) {
            if (taskEmbedder == null) taskEmbedder = taskEmbedders.get();
            return taskEmbedder;
        }
    }

    /** Builds the semantic index now (embedding every description), so the first routed task does not pay for it. */
    public void warm() {
        semantic(built(catalogs.get()));
        taskEmbedder();
    }

    private static double round(double d) { return Math.round(d * 1000) / 1000.0; }

    private static String fmt(double d) { return String.format(Locale.ROOT, "%.2f", d); }
}
