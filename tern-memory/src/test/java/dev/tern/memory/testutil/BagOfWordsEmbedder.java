package dev.tern.memory.testutil;

import dev.tern.embed.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's deterministic embedding (a hashed bag of words, the same vectors its
 * {@code /v1/embeddings} serves) as an in-process {@link Embedder}: fast, real vectors where texts that
 * share words are similar. For tests about stores and plumbing; recall quality is tested with the real model.
 */
public final class BagOfWordsEmbedder implements Embedder {

    private final int dimension;
    private final String model;
    public final AtomicLong texts = new AtomicLong();

    public BagOfWordsEmbedder(String model, int dimension) {
        this.model = model;
        this.dimension = dimension;
    }

    @Override
    public String modelId() { return model; }

    @Override
    public int dimension() { return dimension; }

    @Override
    public List<float[]> embedAll(List<String> input) {
        List<float[]> out = new ArrayList<>(input.size());
        for (String t : input) out.add(dev.tern.sim.embed.Embedder.embed(model, t, dimension));
        texts.addAndGet(input.size());
        return out;
    }

    @Override
    public Map<String, Long> counters() { return Map.of("texts", texts.get()); }
}
