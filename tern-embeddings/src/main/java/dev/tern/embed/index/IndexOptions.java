package dev.tern.embed.index;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * How a search uses the cores.
 *
 * @param searchThreads     parts one scan is split into (the calling thread runs one of them)
 * @param executor          runs the other parts; the common pool by default
 * @param parallelThreshold below this many vectors a search stays on the calling thread
 */
public record IndexOptions(int searchThreads, Executor executor, int parallelThreshold) {

    public IndexOptions {
        if (searchThreads < 1 || parallelThreshold < 0 || executor == null) {
            throw new IllegalArgumentException("searchThreads >= 1, parallelThreshold >= 0 and an executor are required");
        }
    }

    /** min(2, cores) parts on the common pool from 16 384 vectors up. */
    public static IndexOptions defaults() {
        return new IndexOptions(Math.min(2, Runtime.getRuntime().availableProcessors()), ForkJoinPool.commonPool(), 16_384);
    }

    public IndexOptions withSearchThreads(int n) {
        return new IndexOptions(n, executor, parallelThreshold);
    }

    public IndexOptions withParallelThreshold(int n) {
        return new IndexOptions(searchThreads, executor, n);
    }
}
