package dev.tern.workspace.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code models}: per-model settings and model tiers. Both shapes live under one key:
 * <pre>{"models": {"fast": "gpt-4o-mini",                                   // a tier: a model id
 *             "my-local-model": {"contextWindow": 65536, "maxOutput": 8192}}}  // a model's limits</pre>
 *
 * @param tiers   tier name to model id (string values)
 * @param windows model id (or id prefix) to its context window and maximum output (object values)
 */
public record ModelsConfig(Map<String, String> tiers, Map<String, Window> windows) {

    public static final ModelsConfig NONE = new ModelsConfig(Map.of(), Map.of());

    /**
     * A model's limits as configured.
     *
     * @param contextWindow tokens the model accepts in all (prompt + output)
     * @param maxOutput     most output tokens, or 0 when not given
     */
    public record Window(int contextWindow, int maxOutput) {
        public Window {
            if (contextWindow <= 0) throw new ConfigException("models.*.contextWindow must be > 0, got " + contextWindow);
            if (maxOutput < 0 || maxOutput > contextWindow) {
                throw new ConfigException("models.*.maxOutput must be between 0 and contextWindow, got " + maxOutput);
            }
        }
    }

    public ModelsConfig {
        tiers = java.util.Collections.unmodifiableMap(new TreeMap<>(tiers));
        windows = java.util.Collections.unmodifiableMap(new TreeMap<>(windows));
    }
}
