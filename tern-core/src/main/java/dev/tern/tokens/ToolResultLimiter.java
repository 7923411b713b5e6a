package dev.tern.tokens;

import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolInterceptor;
import dev.tern.tool.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Keeps tool results from flooding the context: a result over {@code maxTokens} is cut, and the
 * model is told where the full text is — {@code …[truncated: 123 456 chars total; full result saved
 * to .tern/tool-results/<id>.txt — use read_file with that path to page through it]}. The full
 * result goes under the run's workspace ({@code .tern/tool-results/}), or under {@code fallbackDir}
 * when the run has none. The cut falls on a line break when one is near. Thread-safe.
 */
public final class ToolResultLimiter implements ToolInterceptor {

    public static final int DEFAULT_MAX_TOKENS = 8_000;
    /** Where full results go, relative to the workspace. */
    public static final String RESULTS_DIR = ".tern/tool-results";
    private static final int MARKER_TOKENS = 80;

    private final TokenCounter counter;
    private final int maxTokens;
    private final Path fallbackDir;

    /**
     * @param counter     counts result tokens (the counter of the agent's model)
     * @param maxTokens   the largest result passed through whole
     * @param fallbackDir where full results go when the run has no workspace
     */
    public ToolResultLimiter(TokenCounter counter, int maxTokens, Path fallbackDir) {
        this.counter = Objects.requireNonNull(counter, "counter");
        if (maxTokens <= MARKER_TOKENS) throw new IllegalArgumentException("maxTokens must be > " + MARKER_TOKENS);
        this.maxTokens = maxTokens;
        this.fallbackDir = Objects.requireNonNull(fallbackDir, "fallbackDir");
    }

    /** Default limit (8 000 tokens), full results in the system temp folder when there is no workspace. */
    public ToolResultLimiter(TokenCounter counter) {
        this(counter, DEFAULT_MAX_TOKENS, Path.of(System.getProperty("java.io.tmpdir"), "tern-tool-results"));
    }

    @Override
    public ToolResult intercept(Tool tool, ToolCallContext call, Chain next) throws Exception {
        ToolResult result = next.proceed(call);
        String content = result.content();
        // a BPE token is at least one UTF-8 byte, and a char at most three: short results need no count
        if ((long) content.length() * 3 <= maxTokens) return result;
        int total = counter.count(content);
        if (total <= maxTokens) return result;
        return new ToolResult(truncate(content, total, call), result.error(), result.source());
    }

    private String truncate(String content, int total, ToolCallContext call) {
        String where = save(content, call);
        String kept = prefix(content, total, maxTokens - MARKER_TOKENS);
        return kept + "\n…[truncated: " + Numbers.grouped(content.length()) + " chars total; " + where + "]";
    }

    /** The longest prefix (ending at a line break when one is near) that fits {@code budget} tokens. */
    private String prefix(String content, int total, int budget) {
        int len = (int) Math.min(content.length(), (long) content.length() * budget / Math.max(1, total));
        while (len > 0 && counter.count(content.substring(0, len)) > budget) len = (int) (len * 0.9);
        if (len > 0 && Character.isHighSurrogate(content.charAt(len - 1))) len--;
        int nl = content.lastIndexOf('\n', len - 1);
        if (nl > len * 0.8) len = nl;
        return content.substring(0, len);
    }

    private String save(String content, ToolCallContext call) {
        String file = call.callId().replaceAll("[^A-Za-z0-9_.-]", "_") + ".txt";
        Path workspace = call.run() == null ? null : call.run().workspace();
        Path dir = workspace != null ? workspace.resolve(RESULTS_DIR) : fallbackDir;
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(file), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "the full result could not be saved (" + e.getMessage() + ")";
        }
        String shown = workspace != null ? RESULTS_DIR + "/" + file : dir.resolve(file).toAbsolutePath().toString();
        return "full result saved to " + shown + " — use read_file with that path to page through it";
    }
}
