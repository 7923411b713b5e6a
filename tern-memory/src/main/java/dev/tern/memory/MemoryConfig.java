package dev.tern.memory;

import dev.tern.workspace.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The {@code memory} section of the config: long-term memory (facts, episodes, knowledge graph) and
 * agent memory (past runs), kept in {@code memory/memory.db} of the workspace. camelCase keys, snake_case
 * accepted; unknown keys are warnings.
 *
 * @param enabled             whether the store, recall and the memory tools are on (off: MEMORY.md and
 *                            HISTORY.md only, as nanobot)
 * @param embeddings          {@code local} (all-MiniLM-L6-v2 on ONNX Runtime), {@code openai} (an
 *                            OpenAI-compatible {@code /v1/embeddings}) or {@code off} (keywords and graph only)
 * @param embeddingModel      the model for {@code openai} ({@code text-embedding-3-small} by default)
 * @param embeddingBaseUrl    its base URL, or null for the {@code openai} provider's
 * @param embeddingApiKey     its key, or null for the {@code openai} provider's
 * @param embeddingDimensions requested vector size, or 0 for the model's own
 * @param recallTokens        tokens of recalled memory per turn at most (0 turns recall off)
 * @param pastRunTokens       tokens of similar past tasks per run at most (0 turns it off)
 * @param factHalfLife        a fact's confidence halves after this long without being confirmed ({@code factHalfLifeDays})
 * @param warnings            unknown keys, one line each
 */
public record MemoryConfig(boolean enabled, String embeddings, String embeddingModel, String embeddingBaseUrl,
                           String embeddingApiKey, int embeddingDimensions, int recallTokens, int pastRunTokens,
                           Duration factHalfLife, List<String> warnings) {

    public static final MemoryConfig DEFAULT = new MemoryConfig(true, "local", null, null, null, 0, 500, 400, Duration.ofDays(180), List.of());

    private static final Set<String> KEYS = Set.of("enabled", "embeddings", "embeddingModel", "embeddingBaseUrl", "embeddingApiKey",
            "embeddingDimensions", "recallTokens", "pastRunTokens", "factHalfLifeDays");

    public MemoryConfig {
        embeddings = embeddings == null ? "local" : embeddings.strip().toLowerCase(Locale.ROOT);
        if (!embeddings.equals("local") && !embeddings.equals("openai") && !embeddings.equals("off")) {
            throw new ConfigException("memory.embeddings must be local, openai or off, got '" + embeddings + "'");
        }
        if (recallTokens < 0 || pastRunTokens < 0) throw new ConfigException("memory.recallTokens and memory.pastRunTokens must be >= 0");
        if (embeddingDimensions < 0) throw new ConfigException("memory.embeddingDimensions must be >= 0");
        if (factHalfLife == null || factHalfLife.isNegative() || factHalfLife.isZero()) {
            throw new ConfigException("memory.factHalfLifeDays must be > 0");
        }
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads the section.
     *
     * @param section the {@code memory} object, or null when the config has none
     * @param source  the file name, for messages
     * @throws ConfigException one line naming the key, for a value of the wrong type or range
     */
    public static MemoryConfig parse(JsonNode section, String source) {
        if (section == null || section.isNull()) return DEFAULT;
        if (!section.isObject()) throw new ConfigException(source + ": memory must be an object");
        List<String> warnings = new ArrayList<>();
        for (String k : section.propertyNames()) {
            if (!KEYS.contains(k) && !KEYS.contains(camel(k))) warnings.add(source + ": unknown key memory." + k + " (ignored)");
        }
        MemoryConfig d = DEFAULT;
        return new MemoryConfig(bool(section, "enabled", d.enabled(), source), text(section, "embeddings", d.embeddings(), source),
                text(section, "embeddingModel", null, source), text(section, "embeddingBaseUrl", null, source),
                text(section, "embeddingApiKey", null, source), integer(section, "embeddingDimensions", 0, source),
                integer(section, "recallTokens", d.recallTokens(), source), integer(section, "pastRunTokens", d.pastRunTokens(), source),
                Duration.ofDays(integer(section, "factHalfLifeDays", (int) d.factHalfLife().toDays(), source)), warnings);
    }

    private static JsonNode get(JsonNode s, String camelKey) {
        JsonNode v = s.get(camelKey);
        return v != null ? v : s.get(snake(camelKey));
    }

    private static String text(JsonNode s, String key, String fallback, String source) {
        JsonNode v = get(s, key);
        if (v == null || v.isNull()) return fallback;
        if (!v.isString()) throw new ConfigException(source + ": memory." + key + " must be a string");
        return v.asString();
    }

    private static boolean bool(JsonNode s, String key, boolean fallback, String source) {
        JsonNode v = get(s, key);
        if (v == null || v.isNull()) return fallback;
        if (!v.isBoolean()) throw new ConfigException(source + ": memory." + key + " must be true or false");
        return v.asBoolean();
    }

    private static int integer(JsonNode s, String key, int fallback, String source) {
        JsonNode v = get(s, key);
        if (v == null || v.isNull()) return fallback;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new ConfigException(source + ": memory." + key + " must be an integer");
        return v.asInt();
    }

    static String snake(String camel) {
        StringBuilder b = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) b.append('_').append(Character.toLowerCase(c));
            else b.append(c);
        }
        return b.toString();
    }

    static String camel(String snake) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') up = true;
            else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }
}
