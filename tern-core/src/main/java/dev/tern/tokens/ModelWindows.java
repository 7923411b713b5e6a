package dev.tern.tokens;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Where a model's context window comes from, in order: the user's config ({@code models.<id>.contextWindow}),
 * the provider's own model list (a {@link Source} the provider layer supplies), the bundled
 * {@link ModelCatalog} (longest id prefix), and for a model none of them knows, the catalog's
 * conservative default, reported ONCE per model so the user can set the real window. Thread-safe.
 */
public final class ModelWindows {

    /** A source of model limits: the config, a provider's model list. */
    @FunctionalInterface
    public interface Source {
        /** The limits of {@code model}, or empty when this source does not know it. */
        Optional<ModelCatalog.Limits> lookup(String model);
    }

    private final List<Source> sources;
    private final ModelCatalog catalog;
    private final Consumer<String> report;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /**
     * @param sources consulted first, in order
     * @param report  receives the one-line notice about an unknown model (once per model); nullable
     */
    public ModelWindows(List<Source> sources, ModelCatalog catalog, Consumer<String> report) {
        this.sources = List.copyOf(sources);
        this.catalog = catalog;
        this.report = report;
    }

    /**
     * A source from a map of model id (or id prefix; longest wins) to limits, e.g. the config's
     * {@code models} section. An entry whose max output is 0 takes the catalog's (or the window's quarter).
     */
    public static Source fromMap(Map<String, ModelCatalog.Limits> byModel) {
        Map<String, ModelCatalog.Limits> normalized = new java.util.HashMap<>();
        byModel.forEach((k, v) -> normalized.put(ModelNames.normalize(k), v));
        return model -> Optional.ofNullable(ModelNames.longestPrefix(normalized, model));
    }

    /** The limits to fit requests of {@code model} into. */
    public ModelCatalog.Limits limits(String model) {
        for (Source s : sources) {
            Optional<ModelCatalog.Limits> l = s.lookup(model);
            if (l.isPresent()) return l.get();
        }
        ModelCatalog.Limits l = catalog.limits(model);
        if (!catalog.knows(model) && report != null && reported.add(model == null ? "" : model)) {
            report.accept("model '" + model + "' has no known context window: assuming " + l.contextWindow()
                    + " tokens (max output " + l.maxOutput() + "); set models." + model + ".contextWindow in the config");
        }
        return l;
    }

    /** True when a source or the catalog knows the model (its window is not assumed). */
    public boolean known(String model) {
        for (Source s : sources) if (s.lookup(model).isPresent()) return true;
        return catalog.knows(model);
    }
}
