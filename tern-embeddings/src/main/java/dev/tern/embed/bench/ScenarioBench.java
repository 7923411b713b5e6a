package dev.tern.embed.bench;

import dev.tern.embed.cache.CacheOptions;
import dev.tern.embed.cache.CachingEmbedder;
import dev.tern.embed.index.VectorIndex;
import dev.tern.embed.onnx.OnnxEmbedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The two uses the module exists for, end to end on the default local model: semantic routing
 * (embed the task, search the agents) and memory recall (embed the query, search 100 000 facts).
 */
public final class ScenarioBench {

    private static final String[] DOMAINS = {"database migrations and SQL tuning", "frontend React components",
        "Kubernetes deployments", "security reviews and threat models", "data analysis with pandas",
        "technical writing and documentation", "mobile apps on Android", "payment integrations",
        "machine learning pipelines", "incident response and on-call", "accessibility audits", "billing disputes"};

    private ScenarioBench() {
    }

    /**
     * @param agents           agents routed among
     * @param coldEmbedMillis  embedding every description in one batch, first start
     * @param warmLoadMillis   the same descriptions at the next start: all from the disk cache
     * @param route            per task: embed it (new text, no cache) and find the best 3 agents
     * @param embeddedTexts    texts the model embedded over both starts and every task
     */
    public record Routing(int agents, double coldEmbedMillis, double warmLoadMillis, Samples route, long embeddedTexts) {

        public String report() {
            return String.format("route %d agents | descriptions: first start %.0f ms, next start %.1f ms (disk cache)"
                            + " | route (embed task + top-3) p50 %.2f ms p99 %.2f ms | model embedded %d texts",
                    agents, coldEmbedMillis, warmLoadMillis, route.p50(), route.p99(), embeddedTexts);
        }
    }

    public static Routing routing(int agents, int tasks) {
        Path dir = tempDir();
        try {
            Random r = new Random(3);
            List<String> descriptions = new ArrayList<>();
            for (int a = 0; a < agents; a++) {
                descriptions.add("Agent " + a + ": a specialist in " + DOMAINS[a % DOMAINS.length] + "; handles "
                        + Samples.sentence(r, a).toLowerCase());
            }
            long embedded;
            double cold;
            double warm;
            try (OnnxEmbedder first = new OnnxEmbedder()) {
                first.embed("warm the model up");
                CachingEmbedder cache = new CachingEmbedder(first, CacheOptions.withDisk(dir));
                long t0 = System.nanoTime();
                cache.embedAll(descriptions);
                cold = (System.nanoTime() - t0) / 1e6;
                embedded = first.stats().texts();
            }
            try (OnnxEmbedder second = new OnnxEmbedder()) {
                CachingEmbedder cache = new CachingEmbedder(second, CacheOptions.withDisk(dir));
                long t0 = System.nanoTime();
                List<float[]> vectors = cache.embedAll(descriptions);
                warm = (System.nanoTime() - t0) / 1e6;
                VectorIndex index = new VectorIndex(second.dimension());
                List<VectorIndex.Entry> entries = new ArrayList<>();
                for (int a = 0; a < agents; a++) {
                    entries.add(new VectorIndex.Entry(a, vectors.get(a)));
                }
                index.addAll(entries);
                for (int i = 0; i < 30; i++) {
                    index.search(cache.embed("warm-up task " + i), 3);
                }
                Samples route = new Samples(tasks);
                for (int t = 0; t < tasks; t++) {
                    String task = "Please help: " + Samples.sentence(r, 10_000 + t);
                    long s = System.nanoTime();
                    index.search(cache.embed(task), 3);
                    route.add(System.nanoTime() - s);
                }
                embedded += second.stats().texts();
                return new Routing(agents, cold, warm, route, embedded);
            }
        } finally {
            delete(dir);
        }
    }

    /**
     * @param facts           facts in the index
     * @param embedPerSecond  ingest of distinct facts through the cached embedder + index, batches of 500
     * @param reingestEmbedded texts the model embedded when the same facts were ingested a second time (must be 0)
     * @param recall          per query: embed it (new text) and find the 10 most similar facts
     * @param searchOnly      the search part alone
     * @param heapMiB         heap in use after GC
     */
    public record Recall(int facts, double embedPerSecond, long reingestEmbedded, Samples recall, Samples searchOnly,
                         long heapMiB) {

        public String report() {
            return String.format("recall over %d facts | ingest with embedding %.0f facts/s, re-ingest embedded %d"
                            + " | recall (embed query + top-10) p50 %.2f ms p99 %.2f ms | search alone p50 %.2f ms p99 %.2f ms | heap %d MiB",
                    facts, embedPerSecond, reingestEmbedded, recall.p50(), recall.p99(), searchOnly.p50(),
                    searchOnly.p99(), heapMiB);
        }
    }

    /**
     * Embeds {@code realFacts} distinct facts with the model, then fills the index up to {@code facts}
     * with noisy copies of their vectors (as similar as real memories are to one another; embedding 100 000
     * texts for every run would take minutes).
     */
    public static Recall recall(int facts, int realFacts, int queries) {
        Random r = new Random(9);
        try (OnnxEmbedder model = new OnnxEmbedder()) {
            CachingEmbedder cache = new CachingEmbedder(model, CacheOptions.memoryOnly().withMaxMemoryBytes(64L << 20));
            VectorIndex index = new VectorIndex(model.dimension());
            model.embed("warm the model up");
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < realFacts; i++) {
                texts.add(Samples.sentence(r, i));
            }
            long t0 = System.nanoTime();
            List<float[]> real = new ArrayList<>();
            for (int i = 0; i < realFacts; i += 500) {
                List<String> batch = texts.subList(i, Math.min(realFacts, i + 500));
                List<float[]> v = cache.embedAll(batch);
                List<VectorIndex.Entry> entries = new ArrayList<>();
                for (int j = 0; j < v.size(); j++) {
                    entries.add(new VectorIndex.Entry(i + j, v.get(j)));
                }
                index.addAll(entries);
                real.addAll(v);
            }
            double perSecond = realFacts / ((System.nanoTime() - t0) / 1e9);
            long before = model.stats().texts();
            cache.embedAll(texts);
            long reingest = model.stats().texts() - before;
            List<VectorIndex.Entry> synthetic = new ArrayList<>();
            for (int i = realFacts; i < facts; i++) {
                float[] base = real.get(r.nextInt(real.size()));
                float[] v = new float[base.length];
                for (int j = 0; j < v.length; j++) {
                    v[j] = base[j] + 0.04f * (float) r.nextGaussian();
                }
                synthetic.add(new VectorIndex.Entry(i, v));
                if (synthetic.size() == 5000) {
                    index.addAll(synthetic);
                    synthetic.clear();
                }
            }
            index.addAll(synthetic);
            for (int i = 0; i < 30; i++) {
                index.search(cache.embed("warm-up query " + i), 10);
            }
            Samples recall = new Samples(queries);
            Samples search = new Samples(queries);
            for (int q = 0; q < queries; q++) {
                String query = "What do we know about " + Samples.sentence(r, 50_000 + q);
                long s = System.nanoTime();
                float[] v = cache.embed(query);
                long m = System.nanoTime();
                index.search(v, 10);
                long e = System.nanoTime();
                recall.add(e - s);
                search.add(e - m);
            }
            long heap = Samples.heapUsedMiB();
            Reference.reachabilityFence(index); // measured with the index and the cache alive
            Reference.reachabilityFence(cache);
            return new Recall(index.size(), perSecond, reingest, recall, search, heap);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tern-embed-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the benchmark's temporary folder " + dir, e);
        }
    }
}
