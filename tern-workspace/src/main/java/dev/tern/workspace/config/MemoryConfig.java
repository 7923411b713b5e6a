package dev.tern.workspace.config;

import java.time.Duration;

/**
 * {@code memory}: long-term memory (facts, episodes, knowledge graph) and agent memory (past runs),
 * kept in {@code memory/memory.db} of the workspace.
 *
 * @param enabled             whether the store, recall and the memory tools are on (off: MEMORY.md and
 *                            HISTORY.md only, as nanobot)
 * @param embeddings          {@code local} (all-MiniLM-L6-v2 on ONNX Runtime), {@code openai} (an
 *                            OpenAI-compatible {@code /v1/embeddings}) or {@code off} (keywords and graph only)
 * @param embeddingModel      the model for {@code openai} ({@code text-embedding-3-small} by default)
 * @param embeddingBaseUrl    its base URL, or null for the {@code openai} provider's
 * @param embeddingApiKey     its key, or null for the {@code openai} provider's
 * @param embeddingDimensions requested vector size, or 0 for the model's own
 * @param recallTokens        tokens of recalled memory per turn at most (0 turns recall off)
 * @param pastRunTokens       tokens of similar past tasks per run at most (0 turns it off)
 * @param factHalfLife        a fact's confidence halves after this long without being confirmed
 */
public record MemoryConfig(boolean enabled, String embeddings, String embeddingModel, String embeddingBaseUrl,
                           String embeddingApiKey, int embeddingDimensions, int recallTokens, int pastRunTokens,
                           Duration factHalfLife) {

    public static final MemoryConfig DEFAULT = new MemoryConfig(true, "local", null, null, null, 0, 500, 400, Duration.ofDays(180));

    public MemoryConfig {
        embeddings = embeddings == null ? "local" : embeddings.strip().toLowerCase(java.util.Locale.ROOT);
        if (!embeddings.equals("local") && !embeddings.equals("openai") && !embeddings.equals("off")) {
            throw new ConfigException("memory.embeddings must be local, openai or off, got '" + embeddings + "'");
        }
        if (recallTokens < 0 || pastRunTokens < 0) throw new ConfigException("memory.recallTokens and memory.pastRunTokens must be >= 0");
        if (embeddingDimensions < 0) throw new ConfigException("memory.embeddingDimensions must be >= 0");
        if (factHalfLife == null || factHalfLife.isNegative() || factHalfLife.isZero()) {
            throw new ConfigException("memory.factHalfLifeDays must be > 0");
        }
    }
}
