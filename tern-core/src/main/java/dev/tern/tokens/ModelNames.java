package dev.tern.tokens;

import java.util.Locale;
import java.util.Map;

/** Model-id matching shared by the model catalog and the price table. */
public final class ModelNames {

    private ModelNames() { }

    /**
     * The id as the tables know it: lower case, without a router prefix ("openai/gpt-4o" →
     * "gpt-4o") or a cloud prefix ("us.anthropic.claude-…" → "claude-…").
     */
    public static String normalize(String model) {
        if (model == null) return "";
        String m = model.trim().toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        if (slash >= 0) m = m.substring(slash + 1);
        int vendor = m.indexOf("anthropic.");
        if (vendor >= 0) m = m.substring(vendor + "anthropic.".length());
        return m;
    }

    /** The value of the longest key that prefixes the normalized model id, or null. */
    public static <T> T longestPrefix(Map<String, T> byPrefix, String model) {
        String m = normalize(model);
        T best = null;
        int bestLen = -1;
        for (Map.Entry<String, T> e : byPrefix.entrySet()) {
            String k = e.getKey();
            if (k.length() > bestLen && m.startsWith(k)) {
                best = e.getValue();
                bestLen = k.length();
            }
        }
        return best;
    }
}
