package dev.tern.tokens;

import dev.tern.metrics.Metrics;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.ModelException;
import dev.tern.llm.ModelInterceptor;
import dev.tern.model.ToolSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure no request overflows the model's context window. Before each call it counts the
 * prompt; if the prompt would not leave room for the output ({@code window − max output − margin}),
 * it trims the oldest history ({@link HistoryTrimmer}: never the system message, never an assistant
 * tool-call turn without its results, always the latest user turn, and never a step of the current
 * turn: those are compacted, not dropped). If even that cannot fit, the call fails with
 * {@link ModelException.Kind#CONTEXT_LENGTH} and a one-line reason; an overflowing request is never
 * sent as is. After the call it feeds the billed usage back to the estimator. The window comes from
 * {@link ModelWindows}: the config, the provider's model list, the bundled catalog, and for an
 * unknown model the catalog's default, reported once.
 *
 * <p>Message counts are memoized (messages are immutable), so a long history costs one hash lookup
 * per message per call after its first count. Thread-safe; one instance per runtime.
 */
public final class ContextWindowGuard implements ModelInterceptor {

    public static final int DEFAULT_MARGIN = 1_000;
    private static final int MAX_MEMO = 50_000;

    private final ModelWindows windows;
    private final Tokenizers tokenizers;
    private final int margin;
    private final Metrics metrics;
    private final Map<TokenCounter, Map<Message, Long>> memo = new ConcurrentHashMap<>();
    private volatile ToolsCount toolsCount = new ToolsCount(null, null, 0);

    private record ToolsCount(List<ToolSpec> tools, TokenCounter counter, long tokens) { }

    /**
     * @param metrics where trims are counted ({@code context.trim.calls}, {@code context.trim.messages},
     *                {@code context.overflow}); may be null
     */
    public ContextWindowGuard(ModelCatalog catalog, Tokenizers tokenizers, int marginTokens, Metrics metrics) {
        this(new ModelWindows(List.of(), catalog, null), tokenizers, marginTokens, metrics);
    }

    /** @param windows where a model's window comes from (config, provider list, catalog) */
    public ContextWindowGuard(ModelWindows windows, Tokenizers tokenizers, int marginTokens, Metrics metrics) {
        this.windows = Objects.requireNonNull(windows, "windows");
        this.tokenizers = Objects.requireNonNull(tokenizers, "tokenizers");
        if (marginTokens < 0) throw new IllegalArgumentException("marginTokens must be >= 0");
        this.margin = marginTokens;
        this.metrics = metrics;
    }

    public ContextWindowGuard(ModelCatalog catalog, Tokenizers tokenizers) {
        this(catalog, tokenizers, DEFAULT_MARGIN, null);
    }

    @Override
    public ChatResponse intercept(ChatRequest request, CallContext call, Chain next) {
        ChatRequest sent = fit(request);
        ChatResponse response = next.proceed(sent);
        tokenizers.observe(sent, response.usage());
        return response;
    }

    /** The request itself if it fits, else a trimmed copy; throws CONTEXT_LENGTH when nothing fits. */
    public ChatRequest fit(ChatRequest request) {
        ModelCatalog.Limits limits = windows.limits(request.model());
        int maxOut = request.maxOutputTokens() != null ? request.maxOutputTokens() : limits.maxOutput();
        long budget = (long) limits.contextWindow() - maxOut - margin;
        if (upperBound(request) <= budget) return request; // fits for sure: no tokenizer needed (startup, hot path)
        TokenCounter counter = tokenizers.forModel(request.model());
        List<Message> messages = request.messages();
        long[] sizes = new long[messages.size()];
        long fixed = TokenCounter.REPLY_OVERHEAD + tools(request.tools(), counter);
        long total = fixed;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = count(messages.get(i), counter);
            total += sizes[i];
        }
        if (total <= budget) return request;
        HistoryTrimmer.Trim trim = HistoryTrimmer.trim(messages, sizes, budget - fixed, m -> counter.countMessage(m));
        if (trim.tokens() + fixed > budget) {
            if (metrics != null) metrics.counter("context.overflow").increment();
            throw new ModelException(ModelException.Kind.CONTEXT_LENGTH, "tern", "prompt for " + request.model()
                    + " needs " + Numbers.grouped(trim.tokens() + fixed) + " tokens even after trimming older turns and "
                    + "compacting this turn's earlier tool results (" + Numbers.grouped(total) + " before; this turn's steps "
                    + "are never dropped), but only " + Numbers.grouped(Math.max(0, budget))
                    + " fit: context window " + Numbers.grouped(limits.contextWindow())
                    + (windows.known(request.model()) ? "" : " (assumed: unknown model; set models." + request.model() + ".contextWindow)")
                    + " - max output " + Numbers.grouped(maxOut) + " - margin " + Numbers.grouped(margin));
        }
        if (metrics != null) {
            metrics.counter("context.trim.calls").increment();
            metrics.counter("context.trim.messages").add(messages.size() - trim.messages().size());
        }
        return request.withMessages(trim.messages());
    }

    /**
     * A bound no tokenizer can exceed: a byte-level BPE token is at least one UTF-8 byte, a UTF-16 char
     * at most three bytes; plus a generous per-message allowance. O(messages), no text scanned.
     */
    static long upperBound(ChatRequest request) {
        long bound = TokenCounter.REPLY_OVERHEAD;
        for (ToolSpec t : request.tools()) bound += 3L * (t.name().length() + t.description().length() + t.parametersJson().length()) + 16;
        for (Message m : request.messages()) {
            bound += 16;
            switch (m) {
                case dev.tern.model.SystemMessage s -> bound += 3L * s.text().length();
                case dev.tern.model.UserMessage u -> bound += 3L * u.text().length();
                case dev.tern.model.ToolResultMessage r -> bound += 3L * (r.content().length() + r.toolCallId().length() + r.toolName().length());
                case dev.tern.model.AssistantMessage a -> {
                    bound += 3L * a.text().length();
                    for (var c : a.toolCalls()) bound += 3L * (c.id().length() + c.name().length() + c.argumentsJson().length()) + 16;
                    for (var th : a.thinking()) bound += 3L * (th.text().length() + (th.signature() == null ? 0 : th.signature().length()));
                }
            }
        }
        return bound;
    }

    private long count(Message m, TokenCounter counter) {
        if (!(counter instanceof TiktokenCounter)) return counter.countMessage(m); // estimates are cheap and change as they calibrate
        Map<Message, Long> counts = memo.computeIfAbsent(counter, k -> new ConcurrentHashMap<>());
        Long n = counts.get(m);
        if (n != null) return n;
        long c = counter.countMessage(m);
        if (counts.size() >= MAX_MEMO) counts.clear(); // bounded: start over rather than grow
        counts.put(m, c);
        return c;
    }

    private long tools(List<ToolSpec> tools, TokenCounter counter) {
        ToolsCount cached = toolsCount;
        if (cached.tools == tools && cached.counter == counter && counter instanceof TiktokenCounter) {
            return cached.tokens; // same list object and exact counter: unchanged
        }
        long n = 0;
        for (ToolSpec t : tools) n += counter.countTool(t);
        toolsCount = new ToolsCount(tools, counter, n);
        return n;
    }
}
