package dev.tern.tokens;

import dev.tern.model.ChatRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token estimates for models without a public tokenizer (Anthropic, local models): characters
 * divided by a chars-per-token ratio, corrected after every call by the input tokens the API
 * reports. The ratio of each model converges with an exponentially weighted moving average, so a
 * few calls are enough for estimates within a few percent. Thread-safe; one instance per runtime.
 */
public final class CalibratedEstimator {

    /** Claude's tokenizer averages about 3.5 characters per token on English prose and code. */
    public static final double DEFAULT_CHARS_PER_TOKEN = 3.5;
    private static final double MIN_RATIO = 1.0;
    private static final double MAX_RATIO = 8.0;

    private final double initialRatio;
    private final double alpha;
    private final Map<String, Double> ratios = new ConcurrentHashMap<>();
    private final Map<String, Long> observations = new ConcurrentHashMap<>();

    public CalibratedEstimator() { this(DEFAULT_CHARS_PER_TOKEN, 0.3); }

    /**
     * @param initialCharsPerToken the ratio used before any observation
     * @param alpha                weight of a new observation, in (0, 1]
     */
    public CalibratedEstimator(double initialCharsPerToken, double alpha) {
        if (initialCharsPerToken < MIN_RATIO || initialCharsPerToken > MAX_RATIO) {
            throw new IllegalArgumentException("initialCharsPerToken must be in [1, 8]");
        }
        if (!(alpha > 0 && alpha <= 1)) throw new IllegalArgumentException("alpha must be in (0, 1]");
        this.initialRatio = initialCharsPerToken;
        this.alpha = alpha;
    }

    /** A counter for {@code model} that always uses the model's latest ratio. */
    public TokenCounter forModel(String model) {
        String key = ModelNames.normalize(model);
        return text -> text == null || text.isEmpty() ? 0 : (int) Math.ceil(text.length() / ratio(key));
    }

    /** The current characters-per-token ratio of a model. */
    public double charsPerToken(String model) {
        return ratio(ModelNames.normalize(model));
    }

    /** How many reported usages have calibrated this model. */
    public long observations(String model) {
        return observations.getOrDefault(ModelNames.normalize(model), 0L);
    }

    /**
     * Calibrates with the input tokens the provider billed for {@code request} (all of them: uncached,
     * cache read and cache write). Implausible observations (ratio outside [1, 8]) are ignored.
     */
    public void observe(ChatRequest request, long actualInputTokens) {
        if (actualInputTokens <= 0) return;
        TokenCounter chars = String::length;          // same framing, text counted in characters
        TokenCounter framing = text -> 0;              // framing only
        long totalChars = chars.count(request);
        long overhead = framing.count(request);
        long contentTokens = actualInputTokens - overhead;
        long contentChars = totalChars - overhead;
        if (contentTokens <= 0 || contentChars <= 0) return;
        double observed = (double) contentChars / contentTokens;
        if (observed < MIN_RATIO || observed > MAX_RATIO) return;
        String key = ModelNames.normalize(request.model());
        ratios.merge(key, observed, (old, now) -> old + alpha * (now - old)); // the first observation replaces the guess
        observations.merge(key, 1L, Long::sum);
    }

    private double ratio(String key) {
        return ratios.getOrDefault(key, initialRatio);
    }
}
