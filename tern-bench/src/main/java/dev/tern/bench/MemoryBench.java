package dev.tern.bench;

import dev.tern.embed.index.SearchHit;
import dev.tern.memory.LongTermMemory;
import dev.tern.memory.WorkspaceMemory;
import dev.tern.memory.facts.FactDraft;
import dev.tern.memory.facts.FactWrite;
import dev.tern.memory.facts.SqliteFactStore;
import dev.tern.memory.graph.Triple;
import dev.tern.memory.recall.RecallResult;
import dev.tern.memory.vector.Embeddings;
import dev.tern.memory.vector.VectorSpace;
import dev.tern.model.AssistantMessage;
import dev.tern.model.UserMessage;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import dev.tern.workspace.memory.Consolidator;
import dev.tern.workspace.memory.MemoryStore;
import dev.tern.workspace.session.FsyncPolicy;
import dev.tern.store.Session;
import dev.tern.workspace.session.FileSessionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Issue 16 {@code tern bench memory}: ingest facts and graph relations, then recall over them, in
 * seed 002's shapes: ingest throughput (batched), recall p50/p99 (query embedding included), the
 * sign-bit prefilter against the exact scan, a batch forget, one consolidation through the simulator,
 * heap, and the counter that proves no text is embedded twice.
 */
public final class MemoryBench {

    private static final int PEOPLE = 2000;

    public BenchReport run(int facts, int relations, int realFacts, int queries) throws Exception {
        BenchReport.Builder b = new BenchReport.Builder("memory", "long-term memory: " + facts + " facts, " + relations
                + " graph relations, recall and consolidation", "tern bench memory");
        Random r = new Random(16);
        Embeddings emb = MemoryBenchData.warmLocalEmbeddings();
        // the machine's probes before the warm-up and after the last phase, never between the timed phases: with the
        // memory probe's pass over 64 MiB right before the graph ingest, its rate read 0.55-0.64 x and the ratio of its
        // fastest batches 1.35-1.51 x the documented ones in six runs; with the probes here, 0.69-1.45 x and 1.02-1.15
        MachineProbes probes = new MachineProbes();
        probes.take();
        // the graph's writes are the first thing timed in a fresh JVM: the same ingest into a store thrown away first
        // compiles them (timed cold, the ingest rate and the ratio of the fastest batches moved by 0.65-0.83 x between runs)
        try (WorkspaceMemory warm = MemoryBenchData.open("tern-bench-memory-warm", emb)) {
            graph(warm.longTerm(), relations, new Random(61), new BenchReport.Builder("warm-up", "", ""));
        }
        try (WorkspaceMemory m = MemoryBenchData.open("tern-bench-memory", emb)) {
            Path ws = m.workspace();
            LongTermMemory lt = m.longTerm();
            graph(lt, relations, r, b);
            ingest(lt, emb, facts, realFacts, r, b);
            recall(lt, emb, queries, r, b);
            VirtualThreadRecall.measure(lt, Math.max(1, queries / 2), PEOPLE, b);
            prefilter((SqliteFactStore) lt.facts(), emb, new Random(2016), b);   // its own queries: the same whatever recall drew
            forget(lt, b);
            view(lt, b);
            consolidation(ws, lt, b);
            probes.take();
            probes.notes(b); // before the heap figure: the memory probe's 64 MiB buffer is not the store's
            b.row("heap in use after GC", MemoryBenchData.heapMiB() + " MiB");
            b.note("machine load average (1 min) at the end: " + MemoryBenchData.load() + ", on " + Runtime.getRuntime().availableProcessors() + " cores");
            b.row("vector index memory (facts)", (((SqliteFactStore) lt.facts()).vectors().memoryBytes() >> 20) + " MiB");
        } finally {
            emb.close();
        }
        return b.note("vectors: the first " + realFacts + " facts embedded by all-MiniLM-L6-v2 (quantised, ONNX Runtime),"
                        + " the rest noisy copies of those (embedding " + facts + " texts would take minutes on 2 cores)")
                .note("recall = one call: embed the query, vector search (sign-bit prefilter + exact re-rank over "
                        + VectorSpace.CANDIDATES + " candidates from " + VectorSpace.PREFILTER_FROM + " vectors), FTS5 bm25,"
                        + " graph lookups, fusion, token-bounded block; each query is a new text (no cache hit)")
                .note("vector search rows: 300 new queries, each run through the exact int8 scan and the prefilter at every"
                        + " candidate count in turn (exact first or last, the counts in rotating order), so all are timed in"
                        + " the same moments; recall@10 is against that query's exact top 10")
                .note("SQLite file in a temp dir, WAL; one writer, batches of 1000 in one transaction")
                .note("recall timed in steady state: one full GC after the ingest (its garbage gone, its structures tenured), then warm-up queries until the first young GC after it has passed; SerialGC as `tern` runs")
                .build();
    }

    /** 10 000 relations among the people and their projects, in batches; the last 1000 cost what the first did (no rebuild). */
    private static void graph(LongTermMemory lt, int relations, Random r, BenchReport.Builder b) {
        String[] rels = {"knows", "works with", "manages", "lives near", "plays tennis with", "mentors"};
        List<Long> batchNanos = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < relations; i += 500) {
            List<Triple> batch = new ArrayList<>();
            for (int j = i; j < Math.min(relations, i + 500); j++) {
                String a = MemoryBenchData.name(r.nextInt(PEOPLE));
                String o = j % 3 == 0 ? "Project " + MemoryBenchData.PROJECTS[r.nextInt(MemoryBenchData.PROJECTS.length)] + " " + (j % 97)
                        : MemoryBenchData.name(r.nextInt(PEOPLE));
                batch.add(new Triple(a, rels[j % rels.length], o, "person", j % 3 == 0 ? "project" : "person"));
            }
            long s = System.nanoTime();
            lt.graph().addRelations(batch, null, Instant.now());
            batchNanos.add(System.nanoTime() - s);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        // the median batch's rate first: the whole pass's rate moved by 0.74 x between two runs of one invocation (one
        // stall of the shared cores or one WAL checkpoint in 20 batches moves a total, not a median)
        double medianRate = 500 / (MemoryBenchData.median(batchNanos.stream().mapToDouble(Long::doubleValue).toArray()) / 1e9);
        b.row("graph ingest, median batch of 500", String.format(Locale.ROOT, "%.0f relations/s (whole pass %.0f relations/s; %d relations, %d entities)",
                medianRate, relations / secs, lt.graph().countRelations(), lt.graph().countEntities()));
        // fastest batch of the first and of the last quarter: the cost of a write, without other processes' noise
        int q = Math.max(1, batchNanos.size() / 4);
        long first = batchNanos.subList(0, q).stream().mapToLong(Long::longValue).min().orElse(1);
        long last = batchNanos.subList(batchNanos.size() - q, batchNanos.size()).stream().mapToLong(Long::longValue).min().orElse(1);
        double ratio = (double) last / Math.max(1, first);
        b.row("graph write cost, last vs first quarter of the relations (fastest batch of 500 each)", String.format(Locale.ROOT, "%.2f", ratio),
                "≤ 2 (no rebuild per write)", ratio <= 2);
    }

    private static void ingest(LongTermMemory lt, Embeddings emb, int facts, int realFacts, Random r, BenchReport.Builder b) {
        List<String> texts = new ArrayList<>(facts);
        for (int i = 0; i < facts; i++) texts.add(MemoryBenchData.fact(i, PEOPLE, r));
        // each throughput row gives the median batch's rate first (the figure a second run is compared on: one stall of the
        // shared cores moves a whole pass, not a median) and the whole pass's beside it
        List<Double> embedRates = new ArrayList<>();
        long before = emb.textsEmbedded();
        long e0 = System.nanoTime();
        List<float[]> vs = MemoryBenchData.vectors(texts, realFacts, emb, r, embedRates);
        double embedWhole = realFacts / ((System.nanoTime() - e0) / 1e9);
        b.row("embedding (model), median batch of 256", String.format(Locale.ROOT, "%.0f facts/s (whole pass %.0f facts/s)",
                MemoryBenchData.median(embedRates.stream().mapToDouble(Double::doubleValue).toArray()), embedWhole));
        Instant at = Instant.now();
        List<Double> ingestRates = new ArrayList<>();
        long t0 = System.nanoTime();
        long cpu0 = MemoryBenchData.processCpuNanos();
        for (int i = 0; i < facts; i += 1000) {
            List<FactDraft> batch = new ArrayList<>(1000);
            for (int j = i; j < Math.min(facts, i + 1000); j++) {
                batch.add(new FactDraft(texts.get(j), MemoryBenchData.name(j % PEOPLE), null, 0.9, "bench", null, at, vs.get(j), null));
            }
            long s = System.nanoTime();
            lt.importFacts(batch);
            ingestRates.add(batch.size() / ((System.nanoTime() - s) / 1e9));
        }
        double perSecond = facts / ((System.nanoTime() - t0) / 1e9);
        double perCpuSecond = facts / ((MemoryBenchData.processCpuNanos() - cpu0) / 1e9);
        b.row("fact ingest (rows, FTS5, vectors, graph links), median batch of 1000", String.format(Locale.ROOT,
                "%.0f facts/s (whole pass %.0f facts/s)", MemoryBenchData.median(ingestRates.stream().mapToDouble(Double::doubleValue).toArray()), perSecond),
                "whole pass ≥ 5 000 facts/s", perSecond >= 5000);
        b.row("fact ingest per CPU-second of the process (load-independent)", String.format(Locale.ROOT, "%.0f facts/s", perCpuSecond));
        // seed 002 PERF-005/027: the same texts again are confirmations; the model embeds none of them
        List<FactDraft> again = new ArrayList<>();
        for (int i = 0; i < Math.min(realFacts, 500); i++) again.add(new FactDraft(texts.get(i), null, null, 0.9, "bench", null, at, null, null));
        List<FactWrite> ws = lt.importFacts(again);
        long confirmed = ws.stream().filter(w -> w.kind() == FactWrite.Kind.CONFIRMED).count();
        long embedded = emb.textsEmbedded() - before;
        b.row("texts embedded by the model / distinct texts (after re-ingesting " + again.size() + ")",
                embedded + " / " + realFacts + " (" + confirmed + " confirmations)", "equal: no text embedded twice", embedded == realFacts);
    }

    private static void recall(LongTermMemory lt, Embeddings emb, int queries, Random r, BenchReport.Builder b) {
        // steady state before timing: heap settled after the ingest, JIT-compiled paths, the keyword frequency cache filled
        int warmUp = MemoryBenchData.warmUp(Math.max(200, queries / 2), 10 * queries,
                q -> lt.recall(MemoryBenchData.question(1_000_000 + q, PEOPLE, r), true));
        // three rounds, as tern bench gateway does: one burst of other work on the shared cores moves one round, not the verdict
        int rounds = 3;
        int perRound = Math.max(1, queries / 2);
        int timed = rounds * perRound;
        long[] full = new long[timed];
        List<String> asked = new ArrayList<>(timed);
        int injected = 0;
        String loadBefore = MemoryBenchData.load();
        MemoryBenchData.GcCount gc0 = MemoryBenchData.gcCount();
        long cpu0 = MemoryBenchData.processCpuNanos();
        long embedCpu0 = emb.counters().getOrDefault("inferenceCpuMicros", 0L);
        for (int q = 0; q < timed; q++) {
            String text = MemoryBenchData.question(q, PEOPLE, r);
            asked.add(text);
            long s = System.nanoTime();
            RecallResult res = lt.recall(text, true);
            full[q] = System.nanoTime() - s;
            if (!res.isEmpty()) injected++;
        }
        double cpuPerRecall = (MemoryBenchData.processCpuNanos() - cpu0) / 1e6 / timed;
        double embedCpu = (emb.counters().getOrDefault("inferenceCpuMicros", 0L) - embedCpu0) / 1e3 / timed;
        MemoryBenchData.GcCount gc = MemoryBenchData.gcCount().minus(gc0);
        String loadAfter = MemoryBenchData.load();
        double[] p50s = new double[rounds];
        double[] p99s = new double[rounds];
        for (int k = 0; k < rounds; k++) {
            long[] round = java.util.Arrays.copyOfRange(full, k * perRound, (k + 1) * perRound);
            p50s[k] = MemoryBenchData.pct(round, 50);
            p99s[k] = MemoryBenchData.pct(round, 99);
        }
        double p50 = MemoryBenchData.median(p50s);
        double p99 = MemoryBenchData.median(p99s);
        // the warm-up count varies from run to run: in the value, so the metric's name pairs the row with a second run's
        b.row("recall p50, median of " + rounds + " rounds of " + perRound + " (new query: embed + search + fuse + block; after warming up)",
                MemoryBenchData.ms(p50) + " (after " + warmUp + " queries to warm up)", "≤ 5 ms", p50 <= 5);
        b.row("recall CPU per query, all threads (load-independent)", MemoryBenchData.ms(cpuPerRecall));
        b.row("of which the query embedding (ONNX Runtime model run, CPU of its thread)", MemoryBenchData.ms(embedCpu));
        b.row("recall p99, median of " + rounds + " rounds", MemoryBenchData.ms(p99) + " (rounds " + String.join(", ",
                java.util.Arrays.stream(p99s).mapToObj(MemoryBenchData::ms).toList()) + ")", "≤ 20 ms", p99 <= 20);
        b.row("all " + timed + " timed recalls: p90 / p99 / p99.9 / max", MemoryBenchData.ms(MemoryBenchData.pct(full, 90)) + " / "
                + MemoryBenchData.ms(MemoryBenchData.pct(full, 99)) + " / " + MemoryBenchData.ms(MemoryBenchData.pct(full, 99.9))
                + " / " + MemoryBenchData.ms(MemoryBenchData.pct(full, 100)));
        b.row("GC during the timed recalls: collections, total pause, allocated per query", gc.count() + ", "
                + MemoryBenchData.ms(gc.millis()) + ", " + String.format(Locale.ROOT, "%.0f KiB", gc.allocatedBytes() / 1024.0 / timed));
        b.note("machine load average (1 min) when the timed recalls started / ended: " + loadBefore + " / " + loadAfter);
        long[] cached = new long[timed];
        for (int q = 0; q < timed; q++) {
            long s = System.nanoTime();
            lt.recall(asked.get(q), true);
            cached[q] = System.nanoTime() - s;
        }
        b.row("recall without the query embedding (same queries again, vector cached) p50 / p99",
                MemoryBenchData.ms(MemoryBenchData.pct(cached, 50)) + " / " + MemoryBenchData.ms(MemoryBenchData.pct(cached, 99)));
        b.row("queries that got a block", injected + " of " + timed);
    }

    /**
     * The sign-bit prefilter against the exact int8 scan: latency and how many of the exact top 10 it finds, by candidate
     * count. Each query runs the exact scan and every candidate count in turn (the exact scan first or last, the counts
     * in rotating order), so all five are timed in the same moments: the 100 exact scans timed in one block, ~0.15 s,
     * had moved by 1.24-1.46 x between runs of one invocation with the shared machine's memory-bound slow stretches.
     */
    private static void prefilter(SqliteFactStore facts, Embeddings emb, Random r, BenchReport.Builder b) {
        VectorSpace space = facts.vectors();
        int n = 300;
        List<float[]> queries = new ArrayList<>();
        for (int q = 0; q < n; q++) queries.add(emb.embed(MemoryBenchData.question(2_000_000 + q, PEOPLE, r)));
        // the exact scan runs nowhere else: a first untimed pass compiles it (timing the first 100 scans put the p50 in
        // the middle of C2's compilation, 2.0-2.6 ms between runs)
        for (int q = 0; q < 100; q++) space.searchExact("", queries.get(q), 10);
        int[] counts = {200, 300, VectorSpace.CANDIDATES, 1000};
        long[] exactNanos = new long[n];
        long[][] fast = new long[counts.length][n];
        int[] found = new int[counts.length];
        long cpuAtDefault = 0;
        for (int q = 0; q < n; q++) {
            float[] query = queries.get(q);
            List<SearchHit> exact = q % 2 == 0 ? timedExact(space, query, exactNanos, q) : null;
            List<List<SearchHit>> got = new ArrayList<>(Collections.nCopies(counts.length, null));
            for (int v = 0; v < counts.length; v++) {
                int c = (v + q) % counts.length;
                long cpu0 = MemoryBenchData.threadCpuNanos();
                long s = System.nanoTime();
                got.set(c, space.search("", query, 10, counts[c]));
                fast[c][q] = System.nanoTime() - s;
                if (counts[c] == VectorSpace.CANDIDATES) cpuAtDefault += MemoryBenchData.threadCpuNanos() - cpu0;
            }
            if (exact == null) exact = timedExact(space, query, exactNanos, q);
            Set<Long> ids = new HashSet<>();
            for (SearchHit h : exact) ids.add(h.id());
            for (int c = 0; c < counts.length; c++) {
                for (SearchHit h : got.get(c)) if (ids.contains(h.id())) found[c]++;
            }
        }
        StringBuilder detail = new StringBuilder();
        double atDefault = 0;
        for (int c = 0; c < counts.length; c++) {
            double recallAt10 = found[c] / (10.0 * n);
            if (counts[c] == VectorSpace.CANDIDATES) atDefault = recallAt10;
            detail.append(String.format(Locale.ROOT, "%s%d: %.3f in %s", detail.isEmpty() ? "" : "; ", counts[c], recallAt10,
                    MemoryBenchData.ms(MemoryBenchData.pct(fast[c], 50))));
        }
        b.row("vector search p50, exact int8 scan", MemoryBenchData.ms(MemoryBenchData.pct(exactNanos, 50)));
        b.row("prefilter: candidates -> recall@10 (share of the exact top 10) in p50", detail.toString());
        b.row("vector search CPU per query at the default " + VectorSpace.CANDIDATES + " candidates (prefilter + exact re-rank)",
                MemoryBenchData.ms(cpuAtDefault / 1e6 / n));
        b.row("prefilter recall@10 at the default " + VectorSpace.CANDIDATES + " candidates", String.format(Locale.ROOT, "%.3f", atDefault),
                "≥ 0.95", atDefault >= 0.95);
    }

    private static List<SearchHit> timedExact(VectorSpace space, float[] query, long[] nanos, int q) {
        long s = System.nanoTime();
        List<SearchHit> hits = space.searchExact("", query, 10);
        nanos[q] = System.nanoTime() - s;
        return hits;
    }

    /**
     * Seed 002 PERF-007: forgetting many facts is one transaction, not one round trip each. One untimed batch (the path
     * runs nowhere before it), then ten, given as their mean: at 100 000 facts every other batch's commit also
     * checkpoints the WAL (batches alternated 37-40 and 102-130 ms), which is part of what forgetting costs; one batch
     * timed alone moved by 1.44 x between two runs of one invocation, and the median of five by 62-136 ms.
     */
    private static void forget(LongTermMemory lt, BenchReport.Builder b) {
        int size = 1000;
        int batches = (int) Math.max(1, Math.min(10, lt.facts().countCurrent() / size - 2));   // --quick stores 10 000
        long[] nanos = new long[batches];
        long after = 0;
        int gone = 0;
        for (int k = -1; k < batches; k++) {
            List<Long> ids = new ArrayList<>();
            for (var f : lt.facts().current(after, size)) ids.add(f.id());
            if (ids.isEmpty()) throw new IllegalStateException("no facts left to forget after " + gone);
            after = ids.getLast();
            long s = System.nanoTime();
            gone += lt.forget(ids).size();
            if (k >= 0) nanos[k] = System.nanoTime() - s;
            // a forget re-renders MEMORY.md in the background: waited for untimed, so no batch runs beside the previous
            // one's render (what a user's single forget never does)
            lt.flushView();
        }
        if (gone != (batches + 1) * size) throw new IllegalStateException("forgot " + gone + " facts of " + (batches + 1) * size);
        double mean = java.util.Arrays.stream(nanos).average().orElse(0) / 1e6;
        b.row("forget " + size + " facts (one batch: rows, FTS5, vectors, graph links), mean of " + batches + " batches",
                MemoryBenchData.ms(mean) + " (fastest " + MemoryBenchData.ms(MemoryBenchData.pct(nanos, 0)) + ", slowest "
                        + MemoryBenchData.ms(MemoryBenchData.pct(nanos, 100)) + ")");
    }

    /**
     * What a change costs in the background: MEMORY.md shows every current fact and is rendered again after each write
     * (coalesced: a burst of writes, one render). One new fact about one person, then a whole sync (hand edits checked,
     * the changed subject read again, the file written); the median of 5 after one untimed.
     */
    private static void view(LongTermMemory lt, BenchReport.Builder b) {
        long[] nanos = new long[5];
        for (int k = -1; k < nanos.length; k++) {
            lt.importFacts(List.of(new FactDraft("Noted in round " + k + " of the view bench", MemoryBenchData.name(17 * (k + 2)), null,
                    0.9, "bench", null, Instant.now(), null, null)));
            long s = System.nanoTime();
            lt.syncView();
            if (k >= 0) nanos[k] = System.nanoTime() - s;
        }
        b.row("MEMORY.md render after one new fact (background; " + lt.facts().countCurrent() + " facts), median of " + nanos.length,
                MemoryBenchData.ms(MemoryBenchData.pct(nanos, 50)) + " (fastest " + MemoryBenchData.ms(MemoryBenchData.pct(nanos, 0))
                        + ", slowest " + MemoryBenchData.ms(MemoryBenchData.pct(nanos, 100)) + ")");
    }

    /** One consolidation: the memory model's call (simulator, no latency) plus storing 10 facts, 5 relations, the episode. */
    private static void consolidation(Path ws, LongTermMemory lt, BenchReport.Builder b) throws Exception {
        // the facts differ per request ({{lorem}} is seeded by the conversation), so every round stores new facts
        StringBuilder factsJson = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            if (i > 0) factsJson.append(',');
            factsJson.append("{\"text\":\"Heron launch note " + i + ": {{lorem:8}}\",\"subject\":\"user\",\"attribute\":\"heron note " + i + "\"}");
        }
        String relations = "[[\"Heron\",\"launches in\",\"Oslo\"],[\"Alda Berrow\",\"leads\",\"Heron\"],[\"Heron\",\"depends on\",\"Falcon\"],"
                + "[\"Bruno Castell\",\"reviews\",\"Heron\"],[\"Oslo\",\"in\",\"Norway\"]]";
        String args = "{\"history_entry\":\"[2026-12-02 10:00] Planned the Heron launch: {{lorem:12}}\",\"facts\":[" + factsJson
                + "],\"relations\":" + relations + "}";
        String scenario = "{\"name\":\"consolidate\",\"steps\":[{\"toolCalls\":[{\"name\":\"save_memory\",\"arguments\":" + args + "}]}]}";
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(scenario)).build());
             Rig rig = new Rig(sim.baseUrl(), 4);
             FileSessionStore sessions = new FileSessionStore(ws.resolve("sessions"), FsyncPolicy.NEVER, Duration.ofMillis(50), Clock.systemUTC())) {
            Consolidator c = new Consolidator(new MemoryStore(ws), rig.gateway, "sim:consolidate,lat=0,tok=0", null,
                    new Consolidator.Policy(10, 0), Clock.systemUTC(), List.of(), lt);
            // untimed ones first (the consolidation path's first calls load and compile it), then 41 timed: the p50 of five
            // that included the first ones moved by a quarter between two runs, and of 21 after 5 untimed by a sixth
            int warm = 15;
            long[] t = new long[41];
            for (int k = -warm; k < t.length; k++) {
                Session s = sessions.open("bench-" + k);
                for (int i = 0; i < 10; i++) {
                    s.append(new UserMessage("About the Heron launch, point " + i + " of round " + k));
                    s.append(AssistantMessage.ofText("Noted point " + i + "."));
                }
                long st = System.nanoTime();
                Consolidator.Outcome o = c.consolidate(s, s.size());
                if (k >= 0) t[k] = System.nanoTime() - st;
                if (!o.ok()) throw new IllegalStateException("consolidation failed: " + o.detail());
                lt.flushView();   // its MEMORY.md render, untimed: the next round does not run beside it
            }
            b.row("one consolidation (20 messages -> 10 facts, 5 relations, 1 episode; model on loopback) p50",
                    MemoryBenchData.ms(MemoryBenchData.pct(t, 50)) + " (" + t.length + " after " + warm + " untimed)");
        }
    }
}
