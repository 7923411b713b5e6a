package dev.tern.orchestration.tiers;

/**
 * The model an agent runs with, and why.
 *
 * @param model  the model string sent to the provider
 * @param tier   the tier it came from, or null for a model named directly (or the main model)
 * @param auto   true when the complexity estimator chose the tier ({@code model: auto}): a failed or
 *               truncated answer then escalates one tier, once
 * @param reason one line for progress and {@code --stats}
 */
public record ModelChoice(String model, Tier tier, boolean auto, String reason) {

    /** The choice one tier up, or null when there is none (not auto, already deep, or the same model). */
    public ModelChoice escalate(ModelTiers tiers, String main, String why) {
        if (!auto || tier == null || tier.next() == null) return null;
        Tier up = tier.next();
        String m = tiers.model(up, main);
        if (m.equals(model)) return null;
        return new ModelChoice(m, up, false, "escalated from " + tier.id() + " (" + model + ") to " + up.id() + " (" + m + "): " + why);
    }
}
