package dev.tern.bench;

import dev.tern.embed.Vectors;
import dev.tern.memory.vector.Embeddings;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Synthetic memories for the memory benchmarks, in the shapes of seed 002 (a long-lived assistant's
 * facts about people, places and projects): distinct texts, and vectors that are the local model's for
 * the first {@code real} texts and noisy copies of those for the rest (embedding 100 000 texts would
 * take minutes on 2 cores; the copies are as close to one another as real memories are).
 */
final class MemoryBenchData {

    static final String[] FIRST = {"Alda", "Bruno", "Carmen", "Dario", "Elin", "Farid", "Greta", "Hugo", "Ines", "Jonas",
        "Kaia", "Luca", "Mira", "Nils", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tara", "Uma", "Viktor", "Wen", "Yara", "Zeno"};
    static final String[] LAST = {"Berrow", "Castell", "Dunmore", "Eklund", "Ferreira", "Galloway", "Hartmann", "Ishikawa",
        "Jansen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quiroga", "Rahman", "Silva", "Tanaka", "Ueda"};
    static final String[] CITIES = {"Lisbon", "Porto", "Kyoto", "Oslo", "Nairobi", "Lima", "Krakow", "Montreal", "Hanoi",
        "Seville", "Tallinn", "Bergen", "Valparaiso", "Adelaide", "Tbilisi", "Ghent"};
    static final String[] THINGS = {"a vintage camera", "a road bike", "a sourdough starter", "a telescope", "an old Volvo",
        "a cello", "a sailing dinghy", "a espresso machine", "a vegetable garden", "a 3D printer", "a bonsai tree", "a kayak"};
    static final String[] PROJECTS = {"Falcon", "Heron", "Orca", "Lynx", "Ibis", "Marten", "Osprey", "Puffin", "Tern", "Wren"};
    static final String[] TEMPLATES = {
        "%s moved to %s in %d and rents a flat near the old harbour (note %d).",
        "%s owns %s and repairs it every spring (note %d, since %d).",
        "%s leads project %s-%d and reports to the platform team (note %d).",
        "%s is allergic to shellfish and avoids restaurants in %s (note %d, %d).",
        "%s plays tennis on Tuesdays with a friend from %s (note %d, %d).",
        "%s is learning Japanese for a trip to %s planned in %d (note %d).",
        "%s prefers meetings after lunch and works remotely from %s (note %d, %d).",
        "%s bought %s second hand in %d and named it after a grandmother (note %d)."};

    private MemoryBenchData() { }

    static String name(int i) {
        return FIRST[i % FIRST.length] + " " + LAST[(i / FIRST.length) % LAST.length] + (i >= FIRST.length * LAST.length ? " " + (i / 500) : "");
    }

    /** Fact {@code i}: distinct text about person {@code i % people}. */
    static String fact(int i, int people, Random r) {
        String who = name(i % people);
        String t = TEMPLATES[i % TEMPLATES.length];
        int year = 2000 + r.nextInt(26);
        return switch (i % TEMPLATES.length) {
            case 0, 3, 4, 6 -> String.format(t, who, CITIES[r.nextInt(CITIES.length)], i, year);
            case 1 -> String.format(t, who, THINGS[r.nextInt(THINGS.length)], i, year);
            case 2 -> String.format(t, who, PROJECTS[r.nextInt(PROJECTS.length)], year, i);
            case 5 -> String.format(t, who, CITIES[r.nextInt(CITIES.length)], year, i);
            default -> String.format(t, who, THINGS[r.nextInt(THINGS.length)], year, i);
        };
    }

    /** A question nobody asked before (its embedding is not cached). */
    static String question(int q, int people, Random r) {
        String who = name(r.nextInt(people));
        return switch (q % 4) {
            case 0 -> "What do you remember about " + who + " and their plans for " + CITIES[r.nextInt(CITIES.length)] + "? (" + q + ")";
            case 1 -> "Who in my circle owns " + THINGS[r.nextInt(THINGS.length)] + " and lives near " + CITIES[r.nextInt(CITIES.length)] + "? (" + q + ")";
            case 2 -> "Which project does " + who + " lead these days, question " + q + "?";
            default -> "Is anyone allergic to anything I should know before the dinner in " + CITIES[r.nextInt(CITIES.length)] + " #" + q + "?";
        };
    }

    /**
     * Vectors for {@code texts}: the first {@code real} embedded by the model in batches of 256 (each batch's texts per
     * second added to {@code batchRates}), the rest noisy copies of those.
     */
    static List<float[]> vectors(List<String> texts, int real, Embeddings embeddings, Random r, List<Double> batchRates) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < Math.min(real, texts.size()); i += 256) {
            List<String> batch = texts.subList(i, Math.min(Math.min(real, texts.size()), i + 256));
            long t0 = System.nanoTime();
            out.addAll(embeddings.embedAll(batch));
            batchRates.add(batch.size() / ((System.nanoTime() - t0) / 1e9));
        }
        int base = out.size();
        for (int i = base; i < texts.size(); i++) {
            float[] src = out.get(r.nextInt(base));
            float[] v = new float[src.length];
            for (int j = 0; j < v.length; j++) v[j] = src[j] + 0.04f * (float) r.nextGaussian();
            Vectors.normalizeInPlace(v);
            out.add(v);
        }
        return out;
    }

    /** A warm local embedder (the model loaded before anything is timed). */
    static Embeddings warmLocalEmbeddings() {
        Embeddings emb = Embeddings.of(new dev.tern.embed.onnx.OnnxEmbedder());
        emb.embed("warm the model up");
        return emb;
    }

    /** Workspace memory in a fresh temporary folder, with the default budgets and the gpt-4o-mini tokenizer. */
    static dev.tern.memory.WorkspaceMemory open(String prefix, Embeddings emb) throws java.io.IOException {
        return dev.tern.memory.WorkspaceMemory.open(java.nio.file.Files.createTempDirectory(prefix),
                new dev.tern.memory.WorkspaceMemory.Options(emb, dev.tern.memory.recall.RecallOptions.DEFAULT,
                        dev.tern.memory.runs.AgentMemory.Options.DEFAULT, new dev.tern.tokens.Tokenizers().forModel("gpt-4o-mini"),
                        java.time.Clock.systemUTC()));
    }

    /** Nearest-rank percentile of nanosecond samples, in milliseconds. */
    static double pct(long[] samples, double p) {
        long[] s = samples.clone();
        Arrays.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, idx))] / 1e6;
    }

    /** Live heap in MiB after a full collection ({@link LiveHeap}). */
    static long heapMiB() {
        return LiveHeap.afterFullGc(1) >> 20;
    }

    /** CPU time of the whole process so far (every thread: SQLite calls, ONNX Runtime's run threads, virtual threads), ns. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the calling thread so far, ns. */
    static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** The machine's one-minute load average (other processes share the cores). */
    static String load() {
        return String.format(java.util.Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Collections, their total time and the bytes allocated by all threads so far (for deltas around a timed phase). */
    record GcCount(long count, double millis, long allocatedBytes) {
        GcCount minus(GcCount o) { return new GcCount(count - o.count, millis - o.millis, allocatedBytes - o.allocatedBytes); }
    }

    /**
     * Warm-up for a timed phase: a full GC (the previous phase's garbage gone, its structures tenured), then
     * {@code query} at least {@code min} times and until one young collection has followed that full GC
     * (the first one after a full GC scans the whole old generation), at most {@code max} times.
     * Returns the number of warm-up queries.
     */
    static int warmUp(int min, int max, java.util.function.IntConsumer query) {
        System.gc();
        long collections = gcCount().count();
        int n = 0;
        while (n < max && (n < min || gcCount().count() == collections)) query.accept(n++);
        return n;
    }

    static GcCount gcCount() {
        long n = 0;
        long ms = 0;
        for (var g : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, g.getCollectionCount());
            ms += Math.max(0, g.getCollectionTime());
        }
        long allocated = 0;
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t) {
            allocated = t.getTotalThreadAllocatedBytes();
        }
        return new GcCount(n, ms, allocated);
    }

    /** The median of some values (the upper one of an even count). */
    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static String ms(double v) { return String.format(java.util.Locale.ROOT, "%.2f ms", v); }
}
