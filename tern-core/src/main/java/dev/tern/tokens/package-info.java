/**
 * Token counting before the call, and keeping requests and tool results within bounds.
 *
 * <ul>
 *   <li>{@link dev.tern.tokens.Tokenizers}: one per runtime; exact BPE counts for OpenAI models,
 *       calibrated estimates for the others.</li>
 *   <li>{@link dev.tern.tokens.ModelCatalog}: context window and max output per model family.</li>
 *   <li>{@link dev.tern.tokens.ContextWindowGuard}: a {@code ModelInterceptor} that trims the oldest
 *       history or refuses with CONTEXT_LENGTH; never sends an overflowing request.</li>
 *   <li>{@link dev.tern.tokens.ToolResultLimiter}: a {@code ToolInterceptor} that cuts large results
 *       and saves the full text under {@code .tern/tool-results/}.</li>
 * </ul>
 *
 * <p>Suggested model interceptor order (outermost first): {@code BudgetGuard} (refuse before anything
 * else), {@code FallbackModels} (each attempt goes through the rest), {@code ContextWindowGuard}
 * (fits each attempt to its own model's window), {@code CostMeter} (prices what each attempt billed).
 */
package dev.tern.tokens;
