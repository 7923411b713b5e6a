package dev.tern.orchestration.routing;

import dev.tern.embed.Embedder;
import dev.tern.embed.index.SearchHit;
import dev.tern.embed.index.VectorIndex;
import dev.tern.orchestration.agents.AgentDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * Semantic routing: every agent's name, description and keywords embedded in ONE batch (the embedder's
 * content-hash cache makes unchanged descriptions free at the next start), searched by cosine similarity
 * against the task's embedding. Immutable once built.
 */
public final class SemanticIndex {

    private final List<AgentDefinition> agents;
    private final VectorIndex index;

    public SemanticIndex(List<AgentDefinition> agents, Embedder embedder) {
        this.agents = List.copyOf(agents);
        List<String> texts = new ArrayList<>(agents.size());
        for (AgentDefinition d : this.agents) texts.add(text(d));
        List<float[]> vectors = texts.isEmpty() ? List.of() : embedder.embedAll(texts);
        this.index = new VectorIndex(embedder.dimension());
        List<VectorIndex.Entry> entries = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) entries.add(new VectorIndex.Entry(i, vectors.get(i)));
        index.addAll(entries);
    }

    /**
     * What is embedded for an agent: its description (a sentence embeds best as it is: measured on the
     * routing test set, adding the name or the keyword list made paraphrases land worse; keywords have
     * their own index), prefixed by its name in words when the description is only a few words.
     */
    static String text(AgentDefinition d) {
        String desc = d.description().strip();
        if (desc.split("\\s+").length >= 4) return desc;
        return d.name().replace('-', ' ').replace('_', ' ') + ": " + desc;
    }

    /** The {@code k} agents most similar to the task vector, best first (cosine similarity). */
    public List<Route.Ranked> search(float[] task, int k) {
        List<Route.Ranked> out = new ArrayList<>(k);
        for (SearchHit h : index.search(task, k)) out.add(new Route.Ranked(agents.get((int) h.id()).name(), h.score()));
        return out;
    }

    public int size() { return agents.size(); }
}
