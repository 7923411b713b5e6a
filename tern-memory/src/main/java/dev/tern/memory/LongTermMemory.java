package dev.tern.memory;

import dev.tern.memory.episodes.Episode;
import dev.tern.memory.episodes.EpisodeDraft;
import dev.tern.memory.episodes.EpisodeStore;
import dev.tern.memory.facts.Fact;
import dev.tern.memory.facts.FactDraft;
import dev.tern.memory.facts.FactStore;
import dev.tern.memory.facts.FactWrite;
import dev.tern.memory.graph.Entity;
import dev.tern.memory.graph.GraphStore;
import dev.tern.memory.graph.Triple;
import dev.tern.memory.recall.Recall;
import dev.tern.memory.recall.RecallItem;
import dev.tern.memory.recall.RecallOptions;
import dev.tern.memory.recall.RecallResult;
import dev.tern.memory.text.Texts;
import dev.tern.memory.vector.Embeddings;
import dev.tern.memory.view.MemoryView;
import dev.tern.workspace.memory.ConsolidationSink;
import dev.tern.workspace.memory.ExtractedFact;
import dev.tern.workspace.memory.ExtractedRelation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Long-term memory of a workspace: semantic (facts), episodic (consolidated conversations) and the
 * knowledge graph, fed by consolidation ({@link ConsolidationSink}) and by the user
 * ({@link #remember}, {@link #forget}), read through {@link #recall}. MEMORY.md is re-rendered from
 * the facts after each change, in the background and coalesced (see {@link ViewRenderer}).
 */
public final class LongTermMemory implements ConsolidationSink {

    /** Subjects that stand for the user: no graph entity (it would be a hub every message names). */
    static final Set<String> USER_SUBJECTS = Set.of("user", "the user", "me", "i", "myself", "self");
    /** Known facts shown to the memory model when it consolidates. */
    static final int CONTEXT_FACTS = 30;
    private static final java.util.regex.Pattern LINE_PREFIX =
            java.util.regex.Pattern.compile("(?m)^\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}] (?:USER|ASSISTANT(?: \\[tools: [^]]*])?|TOOL \\S+(?: \\(error\\))?): ");

    private final FactStore facts;
    private final EpisodeStore episodes;
    private final GraphStore graph;
    private final Embeddings embeddings;
    private final Recall recall;
    private final RecallOptions options;
    private final Clock clock;
    private final ViewRenderer view;
    private final Atomic atomic;

    /** Runs several store writes as one transaction (the SQLite stores join an outer write on the same thread). */
    @FunctionalInterface
    public interface Atomic {
        <T> T run(java.util.function.Supplier<T> work);
    }

    public LongTermMemory(FactStore facts, EpisodeStore episodes, GraphStore graph, Embeddings embeddings, Recall recall,
                          RecallOptions options, MemoryView view, Clock clock, Atomic atomic) {
        this.atomic = atomic;
        this.facts = facts;
        this.episodes = episodes;
        this.graph = graph;
        this.embeddings = embeddings;
        this.recall = recall;
        this.options = options;
        this.clock = clock;
        this.view = new ViewRenderer(view, this, clock);
    }

    public FactStore facts() { return facts; }

    public EpisodeStore episodes() { return episodes; }

    public GraphStore graph() { return graph; }

    public RecallOptions options() { return options; }

    /** Stores a fact exactly as the user said it. */
    public FactWrite remember(String text, String source) {
        return remember(List.of(FactDraft.said(text, source, clock.instant()))).getFirst();
    }

    /** Stores facts (new ones embedded in one batch), links them into the graph, re-renders MEMORY.md. */
    public List<FactWrite> remember(List<FactDraft> drafts) {
        List<FactWrite> out = store(drafts);
        view.request();
        return out;
    }

    /**
     * Stores many facts (an import, a migration) without re-rendering MEMORY.md after each batch; call
     * {@link #syncView()} when done.
     */
    public List<FactWrite> importFacts(List<FactDraft> drafts) {
        return store(drafts);
    }

    /** Forgets facts (and their history) everywhere: store, vectors, graph links, MEMORY.md. */
    public List<Long> forget(Collection<Long> ids) {
        List<Long> gone = delete(ids);
        if (!gone.isEmpty()) view.request();
        return gone;
    }

    /** What is relevant to a message, as a token-bounded block for the volatile part of the prompt. */
    public RecallResult recall(String query, boolean waitForModel) {
        return recall.recall(query, options, waitForModel);
    }

    /** The best matches for a search, no threshold. */
    public List<RecallItem> search(String query, int limit) {
        return recall.search(query, limit, options);
    }

    /** Waits until MEMORY.md shows every change made so far. */
    public void flushView() { view.flush(); }

    /** {@link #syncView()} when MEMORY.md may have been edited, created or deleted since Tern wrote it (a stat, no read otherwise). */
    public void syncViewIfChanged() {
        if (view.mayHaveChanged()) syncView();
    }

    /** Applies hand edits of MEMORY.md (or imports a MEMORY.md Tern did not write), then re-renders it. */
    public void syncView() {
        view.request();
        view.flush();
    }

    // ---- consolidation --------------------------------------------------------------------------

    @Override
    public String memoryContext(String conversation) {
        // what was said, without the "[2026-07-01 11:00] USER:" prefixes (they would take the query's keyword slots)
        String said = LINE_PREFIX.matcher(conversation).replaceAll("");
        StringBuilder b = new StringBuilder();
        for (RecallItem i : recall.search(said, CONTEXT_FACTS, options)) {
            if (i.kind() != RecallItem.Kind.FACT) continue;
            b.append("- #").append(i.id()).append(' ').append(i.text()).append('\n');
        }
        return b.toString();
    }

    @Override
    public boolean accept(Consolidation c) {
        Instant at = c.to();
        List<FactDraft> drafts = new ArrayList<>();
        for (ExtractedFact f : c.facts()) {
            drafts.add(new FactDraft(f.text(), f.subject(), f.attribute(), f.confidence(), "consolidation:" + c.session(), null, at,
                    null, f.replaces()));
        }
        String update = c.answer().memoryUpdate();
        if (drafts.isEmpty() && update != null && !update.isBlank()) {   // a model that only rewrote MEMORY.md
            for (MemoryView.Added a : MemoryView.lines(update)) {
                drafts.add(new FactDraft(a.text(), a.subject(), null, 0.8, "consolidation:" + c.session(), null, at, null, null));
            }
        }
        List<Triple> triples = new ArrayList<>();
        for (ExtractedRelation r : c.relations()) {
            triples.add(new Triple(r.subject(), r.relation(), r.object(), r.subjectType(), r.objectType()));
        }
        // embeddings first (the summary and the new facts in one batch), then one transaction for everything
        List<String> texts = new ArrayList<>();
        texts.add(c.answer().historyEntry());
        List<FactDraft> embedded = embed(drafts, texts);
        float[] summary = embeddings.enabled() ? embeddings.embedOrNull(c.answer().historyEntry()) : null;
        atomic.run(() -> {
            graph.addRelations(triples, null, at);
            Episode e = episodes.add(new EpisodeDraft(c.session(), c.answer().historyEntry(), c.from(), c.to(), c.messages(),
                    "consolidation", summary));
            List<FactDraft> withEpisode = new ArrayList<>(embedded.size());
            for (FactDraft d : embedded) withEpisode.add(d.withEpisode(e.id()));
            commit(withEpisode);
            return null;
        });
        view.request();
        return true;
    }

    // ---- writes without a re-render (the renderer applies hand edits through these) ---------------

    List<FactWrite> store(List<FactDraft> drafts) {
        if (drafts.isEmpty()) return List.of();
        List<FactDraft> ready = embed(drafts, new ArrayList<>());
        return atomic.run(() -> commit(ready));
    }

    /**
     * The drafts with vectors: only texts that are not already current facts are embedded (a re-stated
     * fact is a confirmation and keeps its vector), in ONE batch together with {@code alsoEmbed}'s texts
     * (whose vectors are then cached for the caller).
     */
    private List<FactDraft> embed(List<FactDraft> drafts, List<String> alsoEmbed) {
        if (!embeddings.enabled() || (drafts.isEmpty() && alsoEmbed.isEmpty())) return drafts;
        if (alsoEmbed.isEmpty() && drafts.stream().allMatch(d -> d.vector() != null)) return drafts;
        List<String> texts = drafts.stream().map(FactDraft::text).toList();
        Map<String, Long> known = facts.currentIdsByText(texts);
        Set<String> fresh = new LinkedHashSet<>(alsoEmbed);
        for (FactDraft d : drafts) if (d.vector() == null && !known.containsKey(d.text())) fresh.add(Texts.forEmbedding(d.text()));
        List<String> batch = List.copyOf(fresh);
        List<float[]> vs = embeddings.embedAllOrNulls(batch);   // if embedding fails, the facts are stored and embedded later
        Map<String, float[]> vectors = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) vectors.put(batch.get(i), vs.get(i));
        List<FactDraft> ready = new ArrayList<>(drafts.size());
        for (FactDraft d : drafts) ready.add(d.vector() != null ? d : d.withVector(vectors.get(Texts.forEmbedding(d.text()))));
        return ready;
    }

    private List<FactWrite> commit(List<FactDraft> ready) {
        List<FactWrite> out = facts.addAll(ready);
        List<Fact> created = new ArrayList<>();
        for (FactWrite w : out) if (w.kind() != FactWrite.Kind.CONFIRMED) created.add(w.fact());
        linkEntities(created);
        return out;
    }

    List<Long> delete(Collection<Long> ids) {
        return atomic.run(() -> {
            List<Long> gone = facts.forget(ids);
            graph.unlinkFacts(gone);
            return gone;
        });
    }

    /** Links new facts to their subject's entity and to every known entity their text names (one lookup per batch). */
    void linkEntities(List<Fact> created) {
        if (created.isEmpty()) return;
        Set<String> subjects = new LinkedHashSet<>();
        for (Fact f : created) if (f.subject() != null && !USER_SUBJECTS.contains(Texts.normalize(f.subject()))) subjects.add(f.subject());
        Map<String, Long> subjectIds = graph.upsertEntities(subjects, Map.of(), clock.instant());
        Map<Long, List<String>> grams = new HashMap<>();
        Set<String> all = new HashSet<>();
        for (Fact f : created) {
            List<String> g = Recall.ngrams(f.text());
            grams.put(f.id(), g);
            all.addAll(g);
        }
        Map<String, Long> byKey = new HashMap<>();
        for (Entity e : graph.findByNames(all)) byKey.put(Texts.nameKey(e.name()), e.id());
        Map<Long, Collection<Long>> links = new LinkedHashMap<>();
        for (Fact f : created) {
            Set<Long> ids = new LinkedHashSet<>();
            if (f.subject() != null && subjectIds.containsKey(f.subject())) ids.add(subjectIds.get(f.subject()));
            for (String g : grams.get(f.id())) {
                Long id = byKey.get(Texts.nameKey(g));
                if (id != null) ids.add(id);
            }
            if (!ids.isEmpty()) links.put(f.id(), ids);
        }
        graph.link(links);
    }
}
