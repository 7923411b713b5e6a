package dev.tern.embed.bench;

import dev.tern.embed.cache.CacheOptions;
import dev.tern.embed.cache.CachingEmbedder;
import dev.tern.embed.onnx.MiniLmModel;
import dev.tern.embed.onnx.OnnxEmbedder;
import dev.tern.embed.onnx.OnnxEmbedderOptions;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Local embedding: cold start (first call loads the model), single-text latency warm, batch
 * throughput, and a cache hit, for one model variant.
 */
public final class EmbedBench {

    /**
     * @param model          variant measured
     * @param coldMillis     first call, model load included
     * @param single         warm single-text latency over distinct texts (no cache)
     * @param textsPerSecond one {@code embedAll} of {@code batchTexts} distinct texts
     * @param cacheHit       a cached text through {@link CachingEmbedder}
     * @param embeddedTexts  texts the model embedded over the whole run (each distinct text once)
     * @param requestedTexts texts asked for through the cache
     * @param heapMiB        heap in use after GC with the model loaded
     * @param cpuPerText     model-run CPU per single text (run thread only: exact for the int8 model,
     *                       which runs on one thread; a floor for fp32): what a quiet core would take
     * @param batchCpuPerText model-run CPU per text of the {@code embedAll} batch (all run threads)
     */
    public record Result(MiniLmModel model, double coldMillis, Samples single, double textsPerSecond, Samples cacheHit,
                         long embeddedTexts, long requestedTexts, long heapMiB, double cpuPerText, double batchCpuPerText) {

        public String report() {
            return String.format("embed %-20s cold %6.0f ms | single warm p50 %5.2f ms p99 %5.2f ms (model CPU %.2f ms/text)"
                            + " | batch %5.0f texts/s | cache hit p50 %6.3f ms | embedded %d of %d requested | heap %d MiB",
                    model.id(), coldMillis, single.p50(), single.p99(), cpuPerText, textsPerSecond, cacheHit.p50(),
                    embeddedTexts, requestedTexts, heapMiB);
        }
    }

    private EmbedBench() {
    }

    public static Result run(MiniLmModel model, int singles, int batchTexts) {
        Random r = new Random(11);
        try (OnnxEmbedder onnx = new OnnxEmbedder(OnnxEmbedderOptions.defaults(model))) {
            CachingEmbedder cache = new CachingEmbedder(onnx, CacheOptions.memoryOnly().withMaxMemoryBytes(256L << 20));
            int id = 0;
            long t0 = System.nanoTime();
            cache.embed(Samples.sentence(r, id++));
            double cold = (System.nanoTime() - t0) / 1e6;
            for (int i = 0; i < 30; i++) {
                cache.embed(Samples.sentence(r, id++)); // warm-up
            }
            Samples single = new Samples(singles);
            OnnxEmbedder.Stats before = onnx.stats();
            for (int i = 0; i < singles; i++) {
                String text = Samples.sentence(r, id++);
                long s = System.nanoTime();
                cache.embed(text);
                single.add(System.nanoTime() - s);
            }
            OnnxEmbedder.Stats after = onnx.stats();
            double cpuPerText = (after.inferenceCpuNanos() - before.inferenceCpuNanos()) / 1e6 / Math.max(1, after.texts() - before.texts());
            List<String> batch = new ArrayList<>(batchTexts);
            for (int i = 0; i < batchTexts; i++) {
                batch.add(Samples.sentence(r, id++));
            }
            OnnxEmbedder.Stats beforeBatch = onnx.stats();
            long b = System.nanoTime();
            cache.embedAll(batch);
            double perSecond = batchTexts / ((System.nanoTime() - b) / 1e9);
            double batchCpu = (onnx.stats().inferenceCpuNanos() - beforeBatch.inferenceCpuNanos()) / 1e6 / batchTexts;
            Samples hit = new Samples(singles);
            for (int i = 0; i < singles; i++) {
                String text = batch.get(i % batch.size());
                long s = System.nanoTime();
                cache.embed(text);
                hit.add(System.nanoTime() - s);
            }
            cache.embedAll(batch); // all hits: nothing is embedded twice
            long heap = Samples.heapUsedMiB();
            Reference.reachabilityFence(cache);
            return new Result(model, cold, single, perSecond, hit, onnx.stats().texts(), cache.stats().requests(), heap, cpuPerText, batchCpu);
        }
    }
}
