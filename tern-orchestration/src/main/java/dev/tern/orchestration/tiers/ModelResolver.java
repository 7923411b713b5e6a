package dev.tern.orchestration.tiers;

import java.util.Collection;
import java.util.Locale;

/**
 * Turns an agent's {@code model:} into the model to call: nothing or {@code inherit} → the main model;
 * a tier ({@code fast}, {@code balanced}, {@code deep}) or Claude Code's {@code haiku}/{@code sonnet}/{@code opus}
 * → that tier's configured model; {@code auto} → the tier the {@link ComplexityEstimator} picks for the
 * task; anything else is a model string passed as is ({@code gpt-4o}, {@code sim:file:writer,lat=1000}).
 */
public final class ModelResolver {

    private final ModelTiers tiers;
    private final String main;
    private final ComplexityEstimator estimator = new ComplexityEstimator();

    public ModelResolver(ModelTiers tiers, String mainModel) {
        this.tiers = tiers;
        this.main = mainModel;
    }

    public ModelTiers tiers() { return tiers; }

    public String mainModel() { return main; }

    public ModelChoice resolve(String model, String task, Collection<String> tools) {
        String m = model == null ? "" : model.strip();
        String lower = m.toLowerCase(Locale.ROOT);
        if (m.isEmpty() || lower.equals("inherit") || lower.equals("default")) {
            return new ModelChoice(main, null, false, "main model");
        }
        if (lower.equals("auto")) {
            ComplexityEstimator.Estimate e = estimator.estimate(task, tools);
            String chosen = tiers.model(e.tier(), main);
            return new ModelChoice(chosen, e.tier(), true, "auto: " + e.tier().id() + " tier (" + chosen + "): " + e.reason()
                    + (tiers.configured(e.tier()) ? "" : "; tier not configured in 'models'"));
        }
        Tier t = Tier.named(m);
        if (t != null) {
            String chosen = tiers.model(t, main);
            String alias = lower.equals(t.id()) ? "" : "'" + m + "' = ";
            return new ModelChoice(chosen, t, false, alias + t.id() + " tier (" + chosen + ")"
                    + (tiers.configured(t) ? "" : "; tier not configured in 'models'"));
        }
        return new ModelChoice(m, null, false, "model named by the agent");
    }

    public ModelChoice escalate(ModelChoice c, String why) { return c.escalate(tiers, main, why); }
}
