package dev.tern.sim.wire;

import dev.tern.sim.engine.PromptCache;
import dev.tern.sim.engine.Turn;
import java.util.List;
import java.util.function.Function;

/**
 * A validated chat request in neutral form.
 *
 * @param model        requested model
 * @param stream       whether to answer with SSE
 * @param includeUsage OpenAI {@code stream_options.include_usage}
 * @param maxTokens    output cap, nullable = none
 * @param system       the system prompt text ("" when none; OpenAI system/developer messages joined by newlines)
 * @param turns        the messages
 * @param inputTokens  estimated input tokens (no cache involved)
 * @param accounting   input-token and prompt-cache accounting of this request (reads and writes the cache)
 */
public record ParsedChat(String model, boolean stream, boolean includeUsage, Integer maxTokens, String system, List<Turn> turns,
                         long inputTokens, Function<PromptCache, PromptCache.Result> accounting) { }
