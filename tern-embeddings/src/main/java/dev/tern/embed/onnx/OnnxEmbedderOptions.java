package dev.tern.embed.onnx;

import java.time.Duration;

/**
 * Options of the local embedder.
 *
 * @param model          which all-MiniLM-L6-v2 variant to run
 * @param idleTimeout    the model (~100 MB native memory for the fp32 variant) is released after this long
 *                       without a call, and loaded again transparently on the next one
 * @param intraOpThreads ONNX Runtime threads per inference (the calling thread included)
 * @param maxBatchSize   texts per model run; a larger batch is split (after sorting by length)
 * @param maxTokens      truncation length in word pieces, [CLS] and [SEP] included (the model allows 512)
 */
public record OnnxEmbedderOptions(
        MiniLmModel model, Duration idleTimeout, int intraOpThreads, int maxBatchSize, int maxTokens) {

    /** Five minutes, as the seed's model-unloading recommendation. */
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(5);

    public OnnxEmbedderOptions {
        if (model == null) {
            throw new IllegalArgumentException("model is required");
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
        }
        if (intraOpThreads < 1 || maxBatchSize < 1) {
            throw new IllegalArgumentException("intraOpThreads and maxBatchSize must be >= 1");
        }
        if (maxTokens < 3 || maxTokens > 512) {
            throw new IllegalArgumentException("maxTokens must be within 3..512: " + maxTokens);
        }
    }

    /** The default model, a 5 minute idle period, threads = min(2, cores), batches of 32, 256 tokens. */
    public static OnnxEmbedderOptions defaults() {
        return new OnnxEmbedderOptions(MiniLmModel.ALL_MINILM_L6_V2_Q, DEFAULT_IDLE,
                Math.min(2, Runtime.getRuntime().availableProcessors()), 32, MiniLmModel.MAX_TOKENS);
    }

    public OnnxEmbedderOptions withModel(MiniLmModel m) {
        return new OnnxEmbedderOptions(m, idleTimeout, intraOpThreads, maxBatchSize, maxTokens);
    }

    public OnnxEmbedderOptions withIdleTimeout(Duration d) {
        return new OnnxEmbedderOptions(model, d, intraOpThreads, maxBatchSize, maxTokens);
    }

    public OnnxEmbedderOptions withIntraOpThreads(int n) {
        return new OnnxEmbedderOptions(model, idleTimeout, n, maxBatchSize, maxTokens);
    }

    public OnnxEmbedderOptions withMaxBatchSize(int n) {
        return new OnnxEmbedderOptions(model, idleTimeout, intraOpThreads, n, maxTokens);
    }

    public OnnxEmbedderOptions withMaxTokens(int n) {
        return new OnnxEmbedderOptions(model, idleTimeout, intraOpThreads, maxBatchSize, n);
    }
}
