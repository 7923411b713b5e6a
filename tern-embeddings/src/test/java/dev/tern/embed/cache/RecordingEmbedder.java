package dev.tern.embed.cache;

import dev.tern.embed.Embedder;
import dev.tern.embed.EmbeddingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A delegate for cache tests: deterministic vectors from the text, every call recorded, and an
 * optional gate that holds calls until the test opens it (to make requests overlap for certain).
 */
final class RecordingEmbedder implements Embedder {

    final List<List<String>> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger entered = new AtomicInteger();
    private final int dim;
    private volatile CountDownLatch gate;
    private volatile RuntimeException failure;

    RecordingEmbedder(int dim) {
        this.dim = dim;
    }

    void closeGate() {
        gate = new CountDownLatch(1);
    }

    void openGate() {
        gate.countDown();
    }

    void failWith(RuntimeException e) {
        failure = e;
    }

    @Override
    public String modelId() {
        return "recording-" + dim;
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        calls.add(List.copyOf(texts));
        entered.incrementAndGet();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                if (!g.await(30, TimeUnit.SECONDS)) {
                    throw new EmbeddingException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddingException("interrupted", e);
            }
        }
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        List<float[]> out = new ArrayList<>();
        for (String t : texts) {
            out.add(vectorOf(t, dim));
        }
        return out;
    }

    int embeddedTexts() {
        return calls.stream().mapToInt(List::size).sum();
    }

    static float[] vectorOf(String text, int dim) {
        Random r = new Random(java.util.Arrays.hashCode(text.getBytes(StandardCharsets.UTF_8)));
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
