package dev.tern.tokens;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Context window and maximum output per model family, from the bundled {@code tern-models.json}
 * (longest id prefix wins), optionally overridden by a user file of the same shape. Unknown models
 * get the file's conservative default. Immutable.
 */
public final class ModelCatalog {

    /** What a model accepts. */
    public record Limits(int contextWindow, int maxOutput) {
        public Limits {
            if (contextWindow <= 0 || maxOutput <= 0 || maxOutput > contextWindow) {
                throw new IllegalArgumentException("invalid limits: contextWindow " + contextWindow + ", maxOutput " + maxOutput);
            }
        }
    }

    private static final String RESOURCE = "/dev/tern/tokens/tern-models.json";

    private final Map<String, Limits> byPrefix;
    private final Limits fallback;

    private ModelCatalog(Map<String, Limits> byPrefix, Limits fallback) {
        this.byPrefix = Map.copyOf(byPrefix);
        this.fallback = fallback;
    }

    /** The bundled catalog. */
    public static ModelCatalog bundled() {
        return parse(TableFiles.resource(RESOURCE), new LinkedHashMap<>(), null, RESOURCE);
    }

    /**
     * The bundled catalog with the entries of {@code overrides} added or replaced.
     *
     * @throws IllegalArgumentException with the file and the reason when the file is unreadable or malformed
     */
    public static ModelCatalog load(Path overrides) {
        JsonNode json = TableFiles.file(overrides, "model catalog");
        ModelCatalog base = bundled();
        return parse(json, new LinkedHashMap<>(base.byPrefix), base.fallback, overrides.toString());
    }

    /** This catalog with one more (or a replaced) entry. */
    public ModelCatalog with(String modelPrefix, Limits limits) {
        Map<String, Limits> m = new LinkedHashMap<>(byPrefix);
        m.put(ModelNames.normalize(modelPrefix), limits);
        return new ModelCatalog(m, fallback);
    }

    /** The limits of a model; the default for unknown models. */
    public Limits limits(String model) {
        Limits l = ModelNames.longestPrefix(byPrefix, model);
        return l == null ? fallback : l;
    }

    public boolean knows(String model) { return ModelNames.longestPrefix(byPrefix, model) != null; }

    public Limits defaultLimits() { return fallback; }

    private static ModelCatalog parse(JsonNode json, Map<String, Limits> into, Limits fallback, String source) {
        try {
            if (json.has("default")) fallback = limits(json.get("default"));
            JsonNode models = json.path("models");
            for (Map.Entry<String, JsonNode> e : models.properties()) into.put(ModelNames.normalize(e.getKey()), limits(e.getValue()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model catalog " + source + ": " + e.getMessage(), e);
        }
        if (fallback == null) throw new IllegalArgumentException("model catalog " + source + " has no \"default\"");
        return new ModelCatalog(into, fallback);
    }

    private static Limits limits(JsonNode n) {
        JsonNode cw = n.get("contextWindow");
        JsonNode mo = n.get("maxOutput");
        if (cw == null || !cw.canConvertToInt() || mo == null || !mo.canConvertToInt()) {
            throw new IllegalArgumentException("each entry needs integer contextWindow and maxOutput, got " + n);
        }
        return new Limits(cw.intValue(), mo.intValue());
    }
}
