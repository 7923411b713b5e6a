package dev.tern.tokens;

import dev.tern.model.ChatRequest;
import dev.tern.model.Usage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token counters of one runtime: exact BPE counts for OpenAI models (o200k_base for gpt-4o,
 * gpt-4.1, gpt-4.5, gpt-5, o1/o3/o4 and gpt-oss; cl100k_base for gpt-4 and gpt-3.5), and a
 * {@link CalibratedEstimator} for everything else. Vocabularies load lazily, once per instance, on
 * first use (o200k_base in about 0.1 s, see {@link BpeRanks}). Thread-safe.
 */
public final class Tokenizers {

    private static final String[] O200K = {"gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4", "gpt-oss"};
    private static final String[] CL100K = {"gpt-4", "gpt-3.5", "text-embedding-3", "text-embedding-ada"};

    private final Map<BpeVocabulary, TiktokenCounter> counters = new ConcurrentHashMap<>();
    private final CalibratedEstimator estimator;

    public Tokenizers() { this(new CalibratedEstimator()); }

    public Tokenizers(CalibratedEstimator estimator) {
        this.estimator = estimator;
    }

    /** The counter for a model: exact for OpenAI models, calibrated estimate otherwise. */
    public TokenCounter forModel(String model) {
        BpeVocabulary type = encodingFor(model);
        return type == null ? estimator.forModel(model) : encoding(type);
    }

    /** The counter of one encoding, loaded on first use. */
    public TiktokenCounter encoding(BpeVocabulary vocabulary) {
        return counters.computeIfAbsent(vocabulary, TiktokenCounter::load);
    }

    /** Whether counts for this model are exact rather than estimated. */
    public boolean isExact(String model) { return encodingFor(model) != null; }

    /** Feeds the estimator with what the provider billed for a request (no-op for exact models). */
    public void observe(ChatRequest request, Usage usage) {
        if (usage == null || isExact(request.model())) return;
        estimator.observe(request, usage.totalInputTokens());
    }

    public CalibratedEstimator estimator() { return estimator; }

    /** The BPE encoding of an OpenAI model, or null when the model has no public tokenizer. */
    public static BpeVocabulary encodingFor(String model) {
        String m = ModelNames.normalize(model);
        for (String p : O200K) if (m.startsWith(p)) return BpeVocabulary.O200K_BASE;
        for (String p : CL100K) if (m.startsWith(p)) return BpeVocabulary.CL100K_BASE;
        return null;
    }
}
