package dev.tern.cost;

import dev.tern.model.PromptCaching;
import dev.tern.model.Usage;
import dev.tern.tokens.ModelNames;
import dev.tern.tokens.TableFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Model prices, from the bundled {@code tern-prices.json} (its {@code updated} date says when they
 * were checked) and an optional user file of the same shape whose entries win. Models are matched by
 * the longest id prefix ("claude-sonnet-4-20250514" → "claude-sonnet-4"). Immutable.
 */
public final class PriceTable {

    private static final String RESOURCE = "/dev/tern/cost/tern-prices.json";
    private static final double MILLION = 1_000_000d;

    private final Map<String, ModelPrice> byPrefix;
    private final String updated;

    private PriceTable(Map<String, ModelPrice> byPrefix, String updated) {
        this.byPrefix = Map.copyOf(byPrefix);
        this.updated = updated;
    }

    /** The bundled prices. */
    public static PriceTable bundled() {
        return parse(TableFiles.resource(RESOURCE), new LinkedHashMap<>(), RESOURCE);
    }

    /**
     * The bundled prices with the entries of {@code overrides} added or replaced.
     *
     * @throws IllegalArgumentException naming the file and the problem when it cannot be used
     */
    public static PriceTable load(Path overrides) {
        JsonNode json = TableFiles.file(overrides, "price table");
        return parse(json, new LinkedHashMap<>(bundled().byPrefix), overrides.toString());
    }

    /** This table with one more (or a replaced) entry. */
    public PriceTable with(String modelPrefix, ModelPrice price) {
        Map<String, ModelPrice> m = new LinkedHashMap<>(byPrefix);
        m.put(ModelNames.normalize(modelPrefix), price);
        return new PriceTable(m, updated);
    }

    /** When the prices were last checked (from the file), e.g. "2026-11-22". */
    public String updated() { return updated; }

    public Optional<ModelPrice> price(String model) {
        return Optional.ofNullable(ModelNames.longestPrefix(byPrefix, model));
    }

    /** The cost of a call with this usage; {@link CallCost#unpriced} for unknown models. */
    public CallCost cost(String model, Usage usage, PromptCaching.Ttl ttl, boolean batch) {
        ModelPrice p = ModelNames.longestPrefix(byPrefix, model);
        if (p == null) return CallCost.unpriced(model);
        double f = batch ? 1 - p.batchDiscount() : 1;
        double writeRate = ttl == PromptCaching.Ttl.ONE_HOUR ? p.cacheWrite1h() : p.cacheWrite5m();
        return new CallCost(model, true,
                f * usage.inputTokens() * p.input() / MILLION,
                f * usage.outputTokens() * p.output() / MILLION,
                f * usage.cacheWriteTokens() * writeRate / MILLION,
                f * usage.cacheReadTokens() * p.cacheRead() / MILLION,
                f * usage.cacheReadTokens() * (p.input() - p.cacheRead()) / MILLION,
                f * usage.cacheWriteTokens() * (writeRate - p.input()) / MILLION);
    }

    /** The cost of {@code inputTokens} uncached input and {@code outputTokens} output; 0 for unknown models. */
    public double estimate(String model, long inputTokens, long outputTokens) {
        ModelPrice p = ModelNames.longestPrefix(byPrefix, model);
        return p == null ? 0 : (inputTokens * p.input() + outputTokens * p.output()) / MILLION;
    }

    private static PriceTable parse(JsonNode json, Map<String, ModelPrice> into, String source) {
        try {
            for (Map.Entry<String, JsonNode> e : json.path("models").properties()) {
                JsonNode n = e.getValue();
                double input = number(n, "input", -1);
                into.put(ModelNames.normalize(e.getKey()), new ModelPrice(input, number(n, "output", -1),
                        number(n, "cacheWrite5m", input), number(n, "cacheWrite1h", input),
                        number(n, "cacheRead", input), number(n, "batchDiscount", 0)));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("price table " + source + ": " + e.getMessage(), e);
        }
        return new PriceTable(into, json.path("updated").asString("unknown"));
    }

    private static double number(JsonNode n, String key, double fallback) {
        JsonNode v = n.get(key);
        if (v == null && fallback >= 0) return fallback;
        if (v == null || !v.isNumber()) throw new IllegalArgumentException("'" + key + "' must be a number in " + n);
        return v.doubleValue();
    }
}
