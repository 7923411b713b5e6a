package dev.tern.orchestration.tiers;

import java.util.EnumMap;
import java.util.Map;

/**
 * The configured model of each tier ({@code models} in the config); a tier that is not configured falls
 * back to the next configured one up, then down, then the main model.
 */
public record ModelTiers(Map<Tier, String> models) {

    public static final ModelTiers NONE = new ModelTiers(Map.of());

    public ModelTiers {
        models = models.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(models));
    }

    /** From the config's {@code models} object ({@code fast}, {@code balanced}, {@code deep}). */
    public static ModelTiers of(Map<String, String> config) {
        Map<Tier, String> m = new EnumMap<>(Tier.class);
        config.forEach((k, v) -> {
            Tier t = Tier.named(k);
            if (t == null) throw new IllegalArgumentException("models: unknown tier '" + k + "' (fast, balanced, deep)");
            if (v != null && !v.isBlank()) m.put(t, v.strip());
        });
        return new ModelTiers(m);
    }

    public boolean configured(Tier t) { return models.containsKey(t); }

    /** The model of {@code tier}: its own, else the nearest configured tier above, then below, else {@code main}. */
    public String model(Tier tier, String main) {
        if (models.containsKey(tier)) return models.get(tier);
        for (Tier t = tier.next(); t != null; t = t.next()) if (models.containsKey(t)) return models.get(t);
        for (int i = tier.ordinal() - 1; i >= 0; i--) if (models.containsKey(Tier.values()[i])) return models.get(Tier.values()[i]);
        return main;
    }
}
