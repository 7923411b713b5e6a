package dev.tern.embed.onnx;

import dev.tern.embed.Embedder;
import dev.tern.embed.EmbeddingException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Local sentence embeddings: all-MiniLM-L6-v2 on ONNX Runtime, vectors identical (to float rounding)
 * to sentence-transformers' (mean pooling over the attention mask, L2 normalisation).
 *
 * <p>The model is loaded on first use, not at construction, and released after
 * {@link OnnxEmbedderOptions#idleTimeout()} without a call (seed 003 section 7.3.3); the next call
 * loads it again. Tokenisation runs on the calling threads; model runs go to
 * {@link OnnxEmbedderOptions#concurrentRuns()} platform threads of the loaded model, except a single run,
 * which the caller makes itself when a run slot is free (a virtual thread only while another carrier
 * stays free: the native call holds its carrier); no more than {@code concurrentRuns} runs at once either way,
 * each call keeping at most that many of its runs queued, so a
 * single-text call waits a few runs behind a bulk ingest, not all of it. The quantised model runs
 * every text alone (its vectors would otherwise depend on the batch); the fp32 model runs padded
 * batches sorted by length.
 */
public final class OnnxEmbedder implements Embedder {

    /** Upper bound of batch x padded length per model run (bounds ONNX Runtime's attention buffers). */
    static final int MAX_PADDED_TOKENS = 4096;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final OnnxEmbedderOptions options;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private LoadedModel model; // guarded by lifecycle
    private boolean closed; // guarded by lifecycle
    private Thread reaper; // guarded by lifecycle (write)
    private volatile long lastUsedNanos;
    private volatile boolean closing;

    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong unloads = new AtomicLong();
    private final AtomicLong texts = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong inferenceNanos = new AtomicLong();
    private final AtomicLong inferenceCpuNanos = new AtomicLong();
    private final AtomicLong loadNanos = new AtomicLong();
    private final AtomicLong runsOnCaller = new AtomicLong();
    private final AtomicLong runsOnCarrier = new AtomicLong();
    private final AtomicInteger activeRuns = new AtomicInteger();
    private final AtomicInteger peakRuns = new AtomicInteger();

    public OnnxEmbedder() {
        this(OnnxEmbedderOptions.defaults());
    }

    public OnnxEmbedder(OnnxEmbedderOptions options) {
        this.options = options;
    }

    public OnnxEmbedderOptions options() {
        return options;
    }

    @Override
    public String modelId() {
        return options.model().id();
    }

    @Override
    public int dimension() {
        return MiniLmModel.DIMENSION;
    }

    @Override
    public List<float[]> embedAll(List<String> input) {
        if (input.isEmpty()) {
            return List.of();
        }
        for (String s : input) {
            if (s == null) {
                throw new IllegalArgumentException("cannot embed a null text");
            }
        }
        LoadedModel m = acquire();
        try {
            int n = input.size();
            int[][] tokenized = new int[n][];
            for (int i = 0; i < n; i++) {
                tokenized[i] = m.tokenizer().encode(input.get(i)); // on the calling threads, in parallel
            }
            float[][] out = new float[n][];
            runAll(m, chunks(tokenized), tokenized, out);
            texts.addAndGet(n);
            return Arrays.asList(out);
        } finally {
            lastUsedNanos = System.nanoTime();
            lifecycle.readLock().unlock();
        }
    }

    /** Positions per model run: longest first (as sentence-transformers), so a chunk pads little. */
    private List<int[]> chunks(int[][] tokenized) {
        int n = tokenized.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(tokenized[b].length, tokenized[a].length));
        List<int[]> chunks = new ArrayList<>();
        int from = 0;
        while (from < n) {
            int longest = tokenized[order[from]].length;
            int size = Math.max(1, Math.min(options.runSize(), MAX_PADDED_TOKENS / longest));
            int to = Math.min(n, from + size);
            int[] positions = new int[to - from];
            for (int i = from; i < to; i++) {
                positions[i - from] = order[i];
            }
            chunks.add(positions);
            from = to;
        }
        return chunks;
    }

    /**
     * Runs the chunks on the model's run threads, at most {@code concurrentRuns} of this call in flight
     * at once: another caller's text queues behind a few chunks of a bulk call, not behind all of it.
     */
    private void runAll(LoadedModel m, List<int[]> chunks, int[][] tokenized, float[][] out) {
        // one run: the caller runs it, no hand-off to a run thread and back (~1 ms of a memory recall on an Intel Xeon, 5.68 ->
        // 4.65 ms p50, interleaved A/B). A virtual thread (tern serve's requests, orchestrated agents) runs it on its carrier,
        // which the native call holds as ~2 ms of computing would, only while another carrier stays free for the others
        if (chunks.size() == 1 && m.tryStartRunHere()) {
            try {
                runChunk(m, chunks.getFirst(), tokenized, out);
                runsOnCaller.incrementAndGet();
                if (Thread.currentThread().isVirtual()) runsOnCarrier.incrementAndGet();
            } finally {
                m.endRunHere();
            }
            return;
        }
        ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(m.runner());
        int next = 0;
        int inFlight = 0;
        RuntimeException failure = null;
        try {
            while (inFlight > 0 || (next < chunks.size() && failure == null)) {
                while (failure == null && next < chunks.size() && inFlight < options.concurrentRuns()) {
                    int[] positions = chunks.get(next++);
                    done.submit(() -> {
                        m.startRun();
                        try {
                            runChunk(m, positions, tokenized, out);
                        } finally {
                            m.endRun();
                        }
                    }, null);
                    inFlight++;
                }
                Future<Void> f = done.take();
                inFlight--;
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failure = e.getCause() instanceof RuntimeException re ? re
                            : new EmbeddingException("model run failed: " + e.getCause(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("interrupted while embedding", e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void runChunk(LoadedModel m, int[] positions, int[][] tokenized, float[][] out) {
        int[][] chunk = new int[positions.length][];
        long chunkTokens = 0;
        for (int i = 0; i < positions.length; i++) {
            chunk[i] = tokenized[positions[i]];
            chunkTokens += chunk[i].length;
        }
        peakRuns.accumulateAndGet(activeRuns.incrementAndGet(), Math::max);
        // a virtual thread has no CPU clock of its own (-1): its run, one computing native call holding the carrier, counts
        // its wall time
        boolean virtual = Thread.currentThread().isVirtual();
        long t0 = System.nanoTime();
        long c0 = virtual ? 0 : CPU.getCurrentThreadCpuTime();
        float[][] vectors;
        try {
            vectors = m.run(chunk);
        } finally {
            activeRuns.decrementAndGet();
        }
        long wall = System.nanoTime() - t0;
        inferenceCpuNanos.addAndGet(virtual ? wall : CPU.getCurrentThreadCpuTime() - c0);
        inferenceNanos.addAndGet(wall);
        runs.incrementAndGet();
        tokens.addAndGet(chunkTokens);
        for (int i = 0; i < positions.length; i++) {
            out[positions[i]] = vectors[i];
        }
    }

    /** Returns the loaded model with the read lock held (the caller unlocks), loading it if needed. */
    private LoadedModel acquire() {
        while (true) {
            lifecycle.readLock().lock();
            if (closed) {
                lifecycle.readLock().unlock();
                throw new EmbeddingException("the embedder " + modelId() + " is closed");
            }
            if (model != null) {
                return model;
            }
            lifecycle.readLock().unlock();
            lifecycle.writeLock().lock();
            try {
                if (model == null && !closed) {
                    long t0 = System.nanoTime();
                    model = LoadedModel.load(options);
                    loadNanos.addAndGet(System.nanoTime() - t0);
                    loads.incrementAndGet();
                    lastUsedNanos = System.nanoTime();
                    startReaper();
                }
            } finally {
                lifecycle.writeLock().unlock();
            }
        }
    }

    /** Under the write lock, after a load: one idle thread per embedder, woken at every load. */
    private void startReaper() {
        if (reaper == null) {
            reaper = Thread.ofVirtual().name("tern-embed-idle-" + modelId()).start(this::reap);
        } else {
            LockSupport.unpark(reaper);
        }
    }

    /** Parks while no model is loaded; otherwise sleeps until the idle deadline and releases the model. */
    private void reap() {
        long idle = options.idleTimeout().toNanos();
        while (!closing) {
            if (!isLoaded()) {
                LockSupport.park(this); // until the next load (unpark before park is not lost)
                continue;
            }
            long wait = lastUsedNanos + idle - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            } else if (!unloadIfIdle()) {
                LockSupport.parkNanos(this, Math.max(idle / 4, 1_000_000)); // busy right now: look again later
            }
        }
    }

    /**
     * Releases the model if it has not been used for the idle timeout and no call is using it.
     * Called by the embedder's own idle thread; callable by anyone.
     *
     * @return whether the model was released by this call
     */
    public boolean unloadIfIdle() {
        if (!lifecycle.writeLock().tryLock()) {
            return false; // a call is running: not idle
        }
        try {
            if (model == null || System.nanoTime() - lastUsedNanos < options.idleTimeout().toNanos()) {
                return false;
            }
            releaseModel();
            return true;
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void releaseModel() {
        LoadedModel m = model;
        model = null;
        unloads.incrementAndGet();
        m.close();
    }

    /** Whether the model is in memory now. */
    public boolean isLoaded() {
        lifecycle.readLock().lock();
        try {
            return model != null;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** A snapshot of the counters. */
    public Stats stats() {
        return new Stats(loads.get(), unloads.get(), texts.get(), runs.get(), tokens.get(),
                inferenceNanos.get(), inferenceCpuNanos.get(), loadNanos.get(), isLoaded(), runsOnCaller.get(), runsOnCarrier.get(), peakRuns.get());
    }

    @Override
    public Map<String, Long> counters() {
        Stats s = stats();
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("modelLoads", s.loads());
        m.put("modelUnloads", s.unloads());
        m.put("modelLoaded", s.loaded() ? 1L : 0L);
        m.put("embeddedTexts", s.texts());
        m.put("modelRuns", s.runs());
        m.put("tokens", s.tokens());
        m.put("inferenceMicros", s.inferenceNanos() / 1000);
        m.put("inferenceCpuMicros", s.inferenceCpuNanos() / 1000);
        m.put("loadMicros", s.loadNanos() / 1000);
        m.put("runsOnCaller", s.runsOnCaller());
        m.put("runsOnCarrier", s.runsOnCarrier());
        m.put("peakConcurrentRuns", (long) s.peakConcurrentRuns());
        return m;
    }

    @Override
    public void close() {
        Thread r;
        closing = true;
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (model != null) {
                releaseModel();
            }
            r = reaper;
        } finally {
            lifecycle.writeLock().unlock();
        }
        if (r != null) {
            LockSupport.unpark(r);
        }
    }

    /**
     * Counters of the local model.
     *
     * @param loads          times the model was loaded (first use, and after every idle release)
     * @param unloads        times it was released
     * @param texts          texts embedded by the model (cache hits never reach it)
     * @param runs           model runs (a batch is one or more runs)
     * @param tokens         word pieces fed to the model, specials included, padding excluded
     * @param inferenceNanos time inside model runs
     * @param inferenceCpuNanos CPU time of the threads inside model runs (ONNX Runtime's own intra-op threads,
     *                          used when {@code intraOpThreads > 1}, not included; a run on a virtual thread's
     *                          carrier counts its wall time, as a virtual thread has no CPU clock)
     * @param loadNanos      time spent loading
     * @param loaded         whether the model is in memory now
     * @param runsOnCaller   runs made on the calling thread instead of a run thread
     * @param runsOnCarrier  of those, runs made by a virtual thread on its carrier
     * @param peakConcurrentRuns most model runs in progress at one moment (never above {@code concurrentRuns})
     */
    public record Stats(long loads, long unloads, long texts, long runs, long tokens, long inferenceNanos,
                        long inferenceCpuNanos, long loadNanos, boolean loaded, long runsOnCaller, long runsOnCarrier,
                        int peakConcurrentRuns) {
    }
}
