package dev.tern.bench;

import dev.tern.embed.bench.EmbedBench;
import dev.tern.embed.bench.IndexBench;
import dev.tern.embed.bench.Samples;
import dev.tern.embed.cache.CacheOptions;
import dev.tern.embed.cache.CachingEmbedder;
import dev.tern.embed.onnx.MiniLmModel;
import dev.tern.embed.onnx.OnnxEmbedder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * The local embedding stack on its own ({@code tern-embeddings}): the shipped model (all-MiniLM-L6-v2, int8, ONNX
 * Runtime) loaded in a fresh JVM, one new text warm, a bulk batch, a cache hit, and the vector index at 100 000 × 384
 * searched with one and with two threads. Routing and memory recall, which put these parts together, have sections of
 * their own. Every figure is a median over rounds (the model's and the index's each measured anew per round), so one
 * slow stretch of the shared cores moves an extreme, not the figure.
 */
public final class EmbeddingsBench {

    private static final MiniLmModel MODEL = MiniLmModel.ALL_MINILM_L6_V2_Q;

    /**
     * @param coldJvms   fresh JVMs that each load the model and embed one text
     * @param modelRounds rounds of the model's measurements ({@link EmbedBench}), each with a new embedder
     * @param indexRounds rounds of the index's, each building a one-thread and a two-thread index over the same vectors
     * @param singles    new texts embedded one at a time per model round
     * @param batch      new texts in the bulk batch per model round
     * @param vectors    vectors in each index
     * @param queries    searches of each kind per index
     */
    public BenchReport run(int coldJvms, int modelRounds, int indexRounds, int singles, int batch, int vectors, int queries)
            throws IOException, InterruptedException {
        double load0 = Machine.load();
        List<Double> cold = new ArrayList<>();
        for (int i = 0; i < coldJvms; i++) cold.add(coldChild());
        MachineProbes probes = new MachineProbes();
        List<EmbedBench.Result> model = new ArrayList<>();
        for (int i = 0; i < modelRounds; i++) {
            probes.take();
            model.add(EmbedBench.run(MODEL, singles, batch));
        }
        List<Double> hits = cacheHits(modelRounds, singles, singles * 10);
        List<IndexBench.Result> one = new ArrayList<>(), two = new ArrayList<>();
        int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < indexRounds; i++) {
            probes.take();
            IndexBench.Pair pair = IndexBench.runPair(vectors, MiniLmModel.DIMENSION, threads, queries);
            one.add(pair.one());
            two.add(pair.many());
        }
        probes.take();
        BenchReport.Builder r = new BenchReport.Builder("embeddings",
                "local model, cache and vector index (`tern-embeddings`)", "tern bench embeddings");
        r.row("model (shipped in a Maven artifact, nothing downloaded)", MODEL.id() + ", " + MiniLmModel.DIMENSION + " dimensions, ONNX Runtime");
        r.row("first text in a fresh JVM, model load included (C1, as tern run)", Spread.of(cold).format("%.0f", " ms"));
        if (modelRounds > 1) {
            r.row("model loaded again in the same JVM (what a reload after the idle unload costs), first text included",
                    over(model.subList(1, model.size()), EmbedBench.Result::coldMillis).format("%.0f", " ms"));
        }
        r.row("one new text, warm: p50 (wall; median of the rounds' p50s)", over(model, x -> x.single().p50()).format("%.2f", " ms"));
        r.row("one new text, warm: p99 (wall)", over(model, x -> x.single().p99()).format("%.2f", " ms"));
        r.row("model-run CPU per text, one at a time (load-independent)", over(model, EmbedBench.Result::cpuPerText).format("%.2f", " ms"));
        r.row("bulk: " + batch + " new texts in one call (two model runs at once, one text each)",
                over(model, EmbedBench.Result::textsPerSecond).format("%.0f", " texts/s"));
        r.row("bulk: model-run CPU per text", over(model, EmbedBench.Result::batchCpuPerText).format("%.2f", " ms"));
        r.row("cache hit (memory tier), warm, p50", Spread.of(hits).format("%.2f", " µs"));
        long distinct = 1 + 30 + singles + batch;
        boolean once = model.stream().allMatch(x -> x.embeddedTexts() == distinct);
        r.row("texts the model embedded / texts asked for through the cache, per round",
                model.getFirst().embeddedTexts() + " / " + model.getFirst().requestedTexts() + " (" + distinct + " distinct)",
                "each distinct text once", once);
        String size = String.format(Locale.ROOT, "%,d × %d", vectors, MiniLmModel.DIMENSION).replace(',', ' ');
        Spread ingest = over(one, IndexBench.Result::ingestPerSecond);
        r.row("index " + size + ": ingest, batches of 1 000 (vectors given)", ingest.format("%.0f", " vectors/s"),
                "≥ 5 000 facts/s (memory's ingest)", ingest.median() >= 5_000);
        r.row("index: top-10 search, one thread: p50 / p99 (wall)", over(one, x -> x.search().p50()).format("%.2f", " ms") + " / "
                + over(one, x -> x.search().p99()).format("%.2f", " ms"));
        r.row("index: CPU per top-10 search, one thread (the whole scan), p50", over(one, x -> x.searchCpu().p50()).format("%.2f", " ms"));
        r.row("index: top-10 search, " + threads + " threads: p50 / p99 (wall)", over(two, x -> x.search().p50()).format("%.2f", " ms")
                + " / " + over(two, x -> x.search().p99()).format("%.2f", " ms"));
        r.row("index: " + threads + " threads / one thread, search p50, same queries interleaved",
                Spread.ratios(two.stream().map(x -> x.search().p50()).toList(), one.stream().map(x -> x.search().p50()).toList())
                        .format("%.2f", ""));
        r.row("index: top-10 among a tenth of the ids (a predicate), one thread, p50", over(one, x -> x.filtered().p50()).format("%.2f", " ms"));
        r.row("index: top-10 among 1 000 listed ids (one user's memories), p50", over(one, x -> x.among().p50()).format("%.3f", " ms"));
        r.row("index: vectors re-ranked in float per search (the int8 bound lets them through)",
                over(one, IndexBench.Result::rerankedPerSearch).format("%.1f", ""));
        r.row("index memory at " + size, over(one, x -> (double) x.indexMiB()).format("%.0f", " MiB"));
        r.note("the model measured in " + modelRounds + " rounds, each with a new embedder: the load, 30 warm-up texts, "
                        + singles + " new texts one at a time, one call with " + batch + " new texts, then " + singles
                        + " cached ones; the texts are synthetic English sentences of 5 to 17 words, each unique")
                .note("cache hits timed apart, once the lookup is compiled: " + singles + " texts embedded once, then "
                        + 30 * singles * 10 + " hits on them to warm up and " + modelRounds + " rounds of " + singles * 10 + " timed hits")
                .note("the int8 model runs every text alone: its dynamic quantisation would make a vector depend on its batch-mates"
                        + " (ARCHITECTURE.md); bulk calls keep two such runs going, one per core")
                .note("the index measured in " + indexRounds + " rounds, each building a one-thread and a " + threads
                        + "-thread index over the same random unit vectors, warm-up searches of each kind on each, then " + queries
                        + " steps, each a plain, a filtered and an among-ids search on both indexes, the indexes in alternating"
                        + " order (every kind on both timed in the same moments of the shared machine)")
                .note("the first text in a fresh JVM: " + coldJvms + " JVMs one after the other, with the launcher's flags for tern run "
                        + "(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC) and this JVM's AOT cache")
                .note("routing (the task embedded, then keyword and vector search over the agents) and memory recall (100 000"
                        + " facts: the query embedded, vector and full-text search, fusion) are the routing, memory and"
                        + " memory-recall sections");
        return probes.notes(r).note(Machine.jvmNote())
                .note(Machine.loadNote(load0))
                .build();
    }

    /** The p50 of each round's timed cache hits, in µs, after the lookup has run often enough to be compiled. */
    private static List<Double> cacheHits(int rounds, int texts, int timed) {
        Random r = new Random(17);
        List<String> all = new ArrayList<>(texts);
        for (int i = 0; i < texts; i++) all.add(Samples.sentence(r, i));
        List<Double> p50s = new ArrayList<>();
        try (OnnxEmbedder onnx = new OnnxEmbedder(); CachingEmbedder cache = new CachingEmbedder(onnx, CacheOptions.memoryOnly())) {
            cache.embedAll(all);
            // 30 rounds' worth: after 2, the p50 of a fresh JVM was still falling (1.0 to 2.0 µs); after 30 it had settled (0.33-0.35)
            for (int i = 0; i < 30 * timed; i++) cache.embed(all.get(i % texts));
            for (int round = 0; round < rounds; round++) {
                Samples s = new Samples(timed);
                for (int i = 0; i < timed; i++) {
                    String text = all.get((i * 7 + round) % texts);
                    long t0 = System.nanoTime();
                    cache.embed(text);
                    s.add(System.nanoTime() - t0);
                }
                p50s.add(s.p50() * 1000);
            }
            if (onnx.stats().texts() != texts) throw new IllegalStateException("a cache hit ran the model: " + onnx.stats().texts());
        }
        return p50s;
    }

    private static <T> Spread over(List<T> rounds, Function<T, Double> figure) {
        return Spread.of(rounds.stream().map(figure).toList());
    }

    /** Runs {@link #main} in a fresh JVM with the flags of {@code tern run}: the milliseconds it printed. */
    private static double coldChild() throws IOException, InterruptedException {
        String out = ForkedJvm.run(ForkedJvm.likeTernRun(EmbeddingsBench.class), 120, "the embedding process");
        String last = out.lines().reduce((x, y) -> y).orElse("");
        try {
            return Double.parseDouble(last.strip());
        } catch (NumberFormatException e) {
            throw new IOException("the embedding process printed no figure: " + out);
        }
    }

    /** In the fresh JVM: loads the model, embeds one text, prints the milliseconds that took. */
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        try (OnnxEmbedder e = new OnnxEmbedder()) {
            float[] v = e.embed("The user prefers short answers with code examples.");
            double ms = (System.nanoTime() - t0) / 1e6;
            if (v.length != MiniLmModel.DIMENSION) throw new AssertionError("a vector of " + v.length + " dimensions");
            System.out.printf(Locale.ROOT, "%.1f%n", ms);
        }
    }
}
