package dev.tern.model;

/**
 * Prompt-caching hints. Providers with explicit breakpoints (Anthropic) place {@code cache_control}
 * on the tool list, the system prompt and the conversation tail; providers with automatic caching
 * (OpenAI) use {@link ChatRequest#cacheKey()} instead and ignore these.
 *
 * @param enabled whether to ask for caching at all
 * @param ttl     the cache lifetime to ask for
 */
public record PromptCaching(boolean enabled, Ttl ttl) {

    public enum Ttl { FIVE_MINUTES, ONE_HOUR }

    public static final PromptCaching NONE = new PromptCaching(false, Ttl.FIVE_MINUTES);
    public static final PromptCaching DEFAULT = new PromptCaching(true, Ttl.FIVE_MINUTES);

    public PromptCaching {
        ttl = ttl == null ? Ttl.FIVE_MINUTES : ttl;
    }
}
