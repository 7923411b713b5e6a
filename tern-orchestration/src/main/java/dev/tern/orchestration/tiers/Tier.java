package dev.tern.orchestration.tiers;

import java.util.Locale;

/** Model tiers, cheapest first: config {@code models: {"fast": M1, "balanced": M2, "deep": M3}}. */
public enum Tier {
    FAST, BALANCED, DEEP;

    public String id() { return name().toLowerCase(Locale.ROOT); }

    /** The next, more capable tier, or null for the deepest. */
    public Tier next() { return this == DEEP ? null : values()[ordinal() + 1]; }

    /** The tier a {@code model:} value names (a tier, or Claude Code's haiku/sonnet/opus), or null. */
    public static Tier named(String s) {
        if (s == null) return null;
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "fast", "haiku" -> FAST;
            case "balanced", "sonnet" -> BALANCED;
            case "deep", "opus" -> DEEP;
            default -> null;
        };
    }
}
