package dev.tern.embed.onnx;

import java.time.Duration;

/**
 * Options of the local embedder.
 *
 * @param model          which all-MiniLM-L6-v2 variant to run
 * @param idleTimeout    the model (its native memory and run threads) is released after this long
 *                       without a call, and loaded again transparently on the next one
 * @param intraOpThreads ONNX Runtime threads inside one model run
 * @param concurrentRuns model runs at once: on the run threads (one per run) and on callers that run
 *                       a single text themselves (a virtual thread only while another carrier stays free)
 * @param maxBatchSize   texts per model run for batch-invariant models (padded to the longest after
 *                       sorting by length); the quantised model always runs texts one by one
 * @param maxTokens      truncation length in word pieces, [CLS] and [SEP] included (the model allows 512)
 */
public record OnnxEmbedderOptions(MiniLmModel model, Duration idleTimeout, int intraOpThreads, int concurrentRuns,
                                  int maxBatchSize, int maxTokens) {

    /** Five minutes, as the seed's model-unloading recommendation. */
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(5);

    public OnnxEmbedderOptions {
        if (model == null) {
            throw new IllegalArgumentException("model is required");
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
        }
        if (intraOpThreads < 1 || concurrentRuns < 1 || maxBatchSize < 1) {
            throw new IllegalArgumentException("intraOpThreads, concurrentRuns and maxBatchSize must be >= 1");
        }
        if (maxTokens < 3 || maxTokens > 512) {
            throw new IllegalArgumentException("maxTokens must be within 3..512: " + maxTokens);
        }
    }

    /** The quantised model with its measured best settings for this machine size. */
    public static OnnxEmbedderOptions defaults() {
        return defaults(MiniLmModel.ALL_MINILM_L6_V2_Q);
    }

    /**
     * Measured on 2 cores: the quantised model is fastest with one thread per run and one run per
     * core; the fp32 model with one run using every core (up to 2) on padded batches of 32.
     */
    public static OnnxEmbedderOptions defaults(MiniLmModel model) {
        int cores = Math.min(2, Runtime.getRuntime().availableProcessors());
        return model.batchInvariant()
                ? new OnnxEmbedderOptions(model, DEFAULT_IDLE, cores, 1, 32, MiniLmModel.MAX_TOKENS)
                : new OnnxEmbedderOptions(model, DEFAULT_IDLE, 1, cores, 1, MiniLmModel.MAX_TOKENS);
    }

    public OnnxEmbedderOptions withIdleTimeout(Duration d) {
        return new OnnxEmbedderOptions(model, d, intraOpThreads, concurrentRuns, maxBatchSize, maxTokens);
    }

    public OnnxEmbedderOptions withThreads(int intraOp, int runs) {
        return new OnnxEmbedderOptions(model, idleTimeout, intraOp, runs, maxBatchSize, maxTokens);
    }

    public OnnxEmbedderOptions withMaxBatchSize(int n) {
        return new OnnxEmbedderOptions(model, idleTimeout, intraOpThreads, concurrentRuns, n, maxTokens);
    }

    public OnnxEmbedderOptions withMaxTokens(int n) {
        return new OnnxEmbedderOptions(model, idleTimeout, intraOpThreads, concurrentRuns, maxBatchSize, n);
    }

    /** Texts per model run actually used. */
    int runSize() {
        return model.batchInvariant() ? maxBatchSize : 1;
    }
}
