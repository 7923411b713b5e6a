package dev.tern.memory.recall;

import dev.tern.memory.episodes.Episode;
import dev.tern.memory.episodes.EpisodeStore;
import dev.tern.memory.facts.Fact;
import dev.tern.memory.facts.FactStore;
import dev.tern.memory.graph.Entity;
import dev.tern.memory.graph.GraphStore;
import dev.tern.memory.graph.Relation;
import dev.tern.memory.store.ScoredId;
import dev.tern.memory.text.FtsQuery;
import dev.tern.memory.text.Texts;
import dev.tern.memory.vector.Embeddings;
import dev.tern.tokens.TokenCounter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Layered recall in one call: vector similarity (facts and episodes), keywords (FTS5 bm25) and the
 * knowledge graph (entities the message names, their facts and relations) fused into one ranked
 * list, thresholded so an unrelated message gets nothing, and rendered as a token-bounded block for
 * the volatile part of the prompt.
 *
 * <p>Everything runs on the calling thread, one step after the other. The query's model run does too while a run
 * slot is free; a virtual caller ({@code tern serve}'s requests) runs it on its carrier only while another carrier stays
 * free, and hands it to the embedder's run thread otherwise ({@code OnnxEmbedder}). The keyword and graph lookups used to
 * run on a virtual thread while the query was embedded, but on 2 shared cores the hand-offs cost more than the overlap
 * saved (interleaved A/B in {@code tern bench memory}: p50 0.4-0.5 ms and p99 0.7-3.5 ms lower inline, see
 * BENCHMARKS.md). Without
 * vectors (no embedder, or a chat's first turn while the model is still loading) keywords and the graph
 * decide alone, with their own threshold.
 */
public final class Recall {

    /** Candidates taken from each source. */
    static final int FACT_CANDIDATES = 24;
    static final int EPISODE_CANDIDATES = 6;
    static final int GRAPH_FACTS = 24;
    static final int GRAPH_RELATIONS = 8;
    /** bm25 at which the normalised keyword signal is one half. */
    static final double BM25_HALF = 4.0;

    private final FactStore facts;
    private final EpisodeStore episodes;
    private final GraphStore graph;
    private final Embeddings embeddings;
    private final TokenCounter tokens;
    private final Clock clock;

    public Recall(FactStore facts, EpisodeStore episodes, GraphStore graph, Embeddings embeddings, TokenCounter tokens, Clock clock) {
        this.facts = facts;
        this.episodes = episodes;
        this.graph = graph;
        this.embeddings = embeddings;
        this.tokens = LineTokens.of(tokens);
        this.clock = clock;
    }

    /**
     * Recalls what is relevant to {@code query} within the options' budget.
     *
     * @param waitForModel embed the query even if the embedding model must load first (false in a chat
     *                     turn: without a warm model, keywords and the graph decide)
     */
    public RecallResult recall(String query, RecallOptions options, boolean waitForModel) {
        long start = System.nanoTime();
        boolean vectors = embeddings.enabled() && (waitForModel || embeddings.ready());
        if (query == null || query.isBlank() || options.tokenBudget() == 0 || options.maxItems() == 0) {
            return RecallResult.empty(vectors, System.nanoTime() - start);
        }
        double threshold = vectors ? options.threshold() : options.keywordOnlyThreshold();
        List<RecallItem> all = candidates(query, vectors, options);
        double cut = all.isEmpty() ? threshold : Math.max(threshold, all.getFirst().score() * RecallOptions.RELATIVE_CUT);
        List<RecallItem> ranked = new ArrayList<>();
        for (RecallItem i : all) if (i.score() >= cut) ranked.add(i);
        RecallBlock.Rendered r = RecallBlock.render(ranked, options.tokenBudget(), options.maxItems(), tokens);
        return new RecallResult(List.copyOf(ranked), r.items(), r.block(), r.tokens(), vectors, System.nanoTime() - start);
    }

    /** The best {@code limit} matches for {@code query}, no threshold (search, the recall_memory tool). */
    public List<RecallItem> search(String query, int limit, RecallOptions options) {
        if (query == null || query.isBlank()) return List.of();
        List<RecallItem> all = candidates(query, embeddings.enabled(), options);
        return all.size() <= limit ? all : List.copyOf(all.subList(0, limit));
    }

    /** Every candidate of every source, scored and fused, best first. */
    List<RecallItem> candidates(String query, boolean useVectors, RecallOptions options) {
        float[] q = useVectors ? embeddings.embedOrNull(query) : null;   // an embedder that fails: keywords and graph answer
        Lexical lex = lexical(query);
        List<ScoredId> factHits = q == null ? List.of() : facts.similar(q, FACT_CANDIDATES);
        List<ScoredId> episodeHits = q == null ? List.of() : episodes.similar(q, EPISODE_CANDIDATES);
        Instant now = clock.instant();
        List<RecallItem> out = new ArrayList<>();
        Set<Long> factIdsShown = scoreFacts(q, factHits, lex, now, options, out);
        scoreEpisodes(q, episodeHits, lex, out);
        for (Relation r : lex.relations()) {
            if (r.factId() != null && factIdsShown.contains(r.factId())) continue;  // the fact already says it
            double score = 0.5 + 0.05 * Math.min(2, Math.log1p(r.weight()));
            out.add(new RecallItem(RecallItem.Kind.RELATION, r.id(), r.text(), r.confirmedAt(), score, 0, 0, 1));
        }
        // highest score first, then by id; a plain lambda: Comparator's combinators make serializable lambdas, which
        // the AOT cache cannot hold, so their classes were spun before every run's first request
        out.sort((a, b) -> {
            int c = Double.compare(b.score(), a.score());
            return c != 0 ? c : Long.compare(a.id(), b.id());
        });
        return out;
    }

    private Set<Long> scoreFacts(float[] q, List<ScoredId> vectorHits, Lexical lex, Instant now, RecallOptions options,
                                 List<RecallItem> out) {
        Map<Long, Double> cos = new HashMap<>();
        for (ScoredId s : vectorHits) cos.put(s.id(), s.score());
        Map<Long, Double> bm = new HashMap<>();
        for (ScoredId s : lex.factHits()) bm.put(s.id(), s.score());
        Set<Long> ids = new LinkedHashSet<>(cos.keySet());
        ids.addAll(bm.keySet());
        ids.addAll(lex.graphFacts());
        if (q != null) {
            List<Long> missing = ids.stream().filter(id -> !cos.containsKey(id)).toList();
            cos.putAll(facts.similarities(q, missing));
        }
        Set<Long> graphFacts = new HashSet<>(lex.graphFacts());
        Set<Long> shown = new HashSet<>();
        Set<String> terms = q == null ? Set.copyOf(FtsQuery.terms(lex.query(), "")) : Set.of();
        for (Fact f : facts.get(ids)) {
            if (!f.current()) continue;
            double v = cos.getOrDefault(f.id(), 0.0);
            double k = normalise(bm.getOrDefault(f.id(), 0.0));
            // without vectors, also how much of the query the fact covers: bm25 says little in a small memory
            if (q == null && bm.containsKey(f.id())) k = Math.max(k, FtsQuery.coverage(terms, f.subject() == null ? f.text() : f.text() + " " + f.subject()));
            double g = graphFacts.contains(f.id()) ? 1 : 0;
            double fused = q != null ? v + 0.25 * k + 0.15 * g : 0.75 * k + 0.35 * g;
            double score = fused * (0.75 + 0.25 * f.effectiveConfidence(now, options.halfLife()));
            out.add(new RecallItem(RecallItem.Kind.FACT, f.id(), f.text(), f.confirmedAt(), score, v, k, g));
            shown.add(f.id());
        }
        return shown;
    }

    private void scoreEpisodes(float[] q, List<ScoredId> vectorHits, Lexical lex, List<RecallItem> out) {
        Map<Long, Double> cos = new HashMap<>();
        for (ScoredId s : vectorHits) cos.put(s.id(), s.score());
        Map<Long, Double> bm = new HashMap<>();
        for (ScoredId s : lex.episodeHits()) bm.put(s.id(), s.score());
        Set<Long> ids = new LinkedHashSet<>(cos.keySet());
        ids.addAll(bm.keySet());
        if (q != null) cos.putAll(episodes.similarities(q, ids.stream().filter(id -> !cos.containsKey(id)).toList()));
        for (Episode e : episodes.get(ids)) {
            double v = cos.getOrDefault(e.id(), 0.0);
            double k = normalise(bm.getOrDefault(e.id(), 0.0));
            double score = q != null ? v + 0.25 * k - 0.05 : 0.75 * k - 0.05;
            out.add(new RecallItem(RecallItem.Kind.EPISODE, e.id(), e.summary(), e.endedAt(), score, v, k, 0));
        }
    }

    /** What the keyword indexes and the graph say about the query. */
    record Lexical(String query, List<ScoredId> factHits, List<ScoredId> episodeHits, List<Long> graphFacts, List<Relation> relations) { }



    private Lexical lexical(String query) {
        List<ScoredId> f = facts.keyword(query, FACT_CANDIDATES);
        List<ScoredId> e = episodes.keyword(query, EPISODE_CANDIDATES);
        List<Entity> named = graph.findByNames(ngrams(query));
        if (named.isEmpty()) return new Lexical(query, f, e, List.of(), List.of());
        List<Long> ids = named.stream().map(Entity::id).toList();
        return new Lexical(query, f, e, graph.factsOf(ids, GRAPH_FACTS), graph.neighbourhood(ids, 1, GRAPH_RELATIONS));
    }

    /** Word n-grams (1..3) of a message that could name an entity: no lone stopword, no single letter. */
    public static List<String> ngrams(String text) {
        List<String> words = List.of(Texts.normalize(text).split(" "));
        if (words.size() > 64) words = words.subList(0, 64);
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < words.size(); i++) {
            StringBuilder b = new StringBuilder();
            for (int n = 0; n < 3 && i + n < words.size(); n++) {
                if (n > 0) b.append(' ');
                b.append(words.get(i + n));
                if (n == 0 && (words.get(i).length() < 2 || Texts.STOPWORDS.contains(words.get(i)))) continue;
                out.add(b.toString());
            }
        }
        return List.copyOf(out);
    }

    static double normalise(double bm25) {
        return bm25 <= 0 ? 0 : bm25 / (bm25 + BM25_HALF);
    }
}
