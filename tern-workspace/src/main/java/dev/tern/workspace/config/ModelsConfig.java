package dev.tern.workspace.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * {@code models} (a module section of {@link TernConfig}): per-model settings and model tiers. Both
 * shapes live under one key:
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

    /**
     * Reads the raw {@code models} section ({@code TernConfig.section("models")}): string values are
     * tiers, object values a model's {@code contextWindow} (required once {@code maxOutput} is given)
     * and {@code maxOutput} (camelCase or snake_case); objects with neither belong to another module
     * and are left alone.
     *
     * @param source the file, for messages
     * @throws ConfigException with a one-line reason naming the key
     */
    public static ModelsConfig parse(JsonNode section, String source) {
        if (section == null || section.isNull()) return NONE;
        if (!section.isObject()) throw new ConfigException(source + ": 'models' must be an object");
        Map<String, String> tiers = new LinkedHashMap<>();
        Map<String, Window> windows = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : section.properties()) {
            JsonNode v = e.getValue();
            String at = source + ": 'models." + e.getKey();
            if (v.isString()) {
                tiers.put(e.getKey(), v.asString());
            } else if (v.isObject()) {
                JsonNode cw = v.has("contextWindow") ? v.get("contextWindow") : v.get("context_window");
                JsonNode mo = v.has("maxOutput") ? v.get("maxOutput") : v.get("max_output");
                if (cw == null && mo == null) continue; // an object of another module's shape (e.g. a tier with options)
                if (cw == null || !cw.canConvertToInt()) throw new ConfigException(at + ".contextWindow' is required (tokens)");
                if (mo != null && !mo.canConvertToInt()) throw new ConfigException(at + ".maxOutput' must be an integer");
                windows.put(e.getKey(), new Window(cw.intValue(), mo == null ? 0 : mo.intValue()));
            } else {
                throw new ConfigException(at + "' must be a model id or an object with contextWindow, got "
                        + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return new ModelsConfig(tiers, windows);
    }
}
