package dev.tern.model;

/**
 * A reasoning block returned by a model (Anthropic extended thinking). Carried back unchanged on
 * the next request, as the API requires.
 *
 * @param text      the thinking text (empty for redacted blocks)
 * @param signature the provider's signature for the block, or null
 * @param redacted  true for a redacted block, whose opaque payload is in {@code signature}
 */
public record ThinkingBlock(String text, String signature, boolean redacted) {
    public ThinkingBlock {
        text = text == null ? "" : text;
    }
}
