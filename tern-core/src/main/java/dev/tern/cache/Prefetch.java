package dev.tern.cache;

import dev.tern.json.CanonicalJson;

import dev.tern.run.RunContext;
import dev.tern.json.Json;
import dev.tern.json.JsonObject;
import dev.tern.json.JsonValue;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Parallel data gathering before the model runs (Navam #3): a declared list of tool calls runs at
 * once through the same {@link ToolExecutor} (and so the same {@link ToolResultCache}) the agents use,
 * and the results become a context block for the user turn. Later identical calls by any agent are
 * cache hits, and the model starts with the data instead of fetching it one call per turn.
 */
public final class Prefetch {

    /** Default bound on the characters of one result in the context block. */
    public static final int DEFAULT_MAX_CHARS = 20_000;

    /**
     * One declared call.
     *
     * @param tool      the tool name, as registered
     * @param arguments the arguments object
     */
    public record Call(String tool, JsonObject arguments) {
        public Call {
            Objects.requireNonNull(tool, "tool");
            arguments = arguments == null ? JsonObject.EMPTY : arguments;
        }

        /** @throws IllegalArgumentException when the arguments are not a JSON object */
        public static Call of(String tool, String argumentsJson) {
            if (!(JsonValue.parse(argumentsJson) instanceof JsonObject o)) {
                throw new IllegalArgumentException("prefetch " + tool + ": arguments must be an object");
            }
            return new Call(tool, o);
        }
    }

    /**
     * What the gathering produced.
     *
     * @param results      one result per declared call, in declaration order
     * @param contextBlock the results rendered for the user turn ("" when there were no calls)
     * @param wall         how long the gathering took (the slowest call, not the sum)
     */
    public record Result(List<ToolResultMessage> results, String contextBlock, Duration wall) {
        public Result {
            results = List.copyOf(results);
        }

        /** {@code input} preceded by the context block. */
        public String preamble(String input) {
            return contextBlock.isEmpty() ? input : contextBlock + "\n\n" + input;
        }

        public long errors() { return results.stream().filter(ToolResultMessage::error).count(); }
    }

    private final ToolExecutor executor;
    private final ToolRegistry tools;
    private final int maxChars;

    public Prefetch(ToolExecutor executor, ToolRegistry tools) { this(executor, tools, DEFAULT_MAX_CHARS); }

    public Prefetch(ToolExecutor executor, ToolRegistry tools, int maxCharsPerResult) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.tools = Objects.requireNonNull(tools, "tools");
        if (maxCharsPerResult < 100) throw new IllegalArgumentException("maxCharsPerResult must be >= 100");
        this.maxChars = maxCharsPerResult;
    }

    /** Runs every call concurrently (conflicting ones in order) and renders the results. */
    public Result gather(List<Call> calls, RunContext run) {
        if (calls.isEmpty()) return new Result(List.of(), "", Duration.ZERO);
        List<ToolCall> toolCalls = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            Call c = calls.get(i);
            toolCalls.add(new ToolCall("prefetch-" + (i + 1), c.tool(), CanonicalJson.write(c.arguments())));
        }
        long t0 = System.nanoTime();
        List<ToolResultMessage> results = executor.executeAll(toolCalls, tools, run);
        Duration wall = Duration.ofNanos(System.nanoTime() - t0);
        return new Result(results, render(toolCalls, results), wall);
    }

    private String render(List<ToolCall> calls, List<ToolResultMessage> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("<gathered_data>\n")
          .append("Results of tool calls made before this turn; calling them again with the same arguments returns the same data.\n");
        for (int i = 0; i < calls.size(); i++) {
            ToolCall c = calls.get(i);
            ToolResultMessage r = results.get(i);
            sb.append("\n### ").append(c.name()).append(' ').append(c.argumentsJson())
              .append(r.error() ? " (failed)" : "").append('\n');
            String content = r.content();
            if (content.length() > maxChars) {
                sb.append(content, 0, maxChars).append("\n[... ").append(content.length() - maxChars)
                  .append(" more characters cut]");
            } else {
                sb.append(content);
            }
            sb.append('\n');
        }
        return sb.append("</gathered_data>").toString();
    }

    /**
     * Reads declared calls from config: {@code [{"tool": "mcp_stocks_profile", "arguments": {"symbol": "NVDA"}}]}
     * ({@code args} is accepted for {@code arguments}).
     *
     * @throws IllegalArgumentException with a one-line reason naming the entry
     */
    public static List<Call> parse(JsonNode array) {
        if (array == null || array.isNull()) return List.of();
        if (!array.isArray()) throw new IllegalArgumentException("prefetch: expected an array of {tool, arguments}");
        List<Call> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode e = array.get(i);
            JsonNode tool = e.get("tool");
            if (!e.isObject() || tool == null || !tool.isString() || tool.stringValue().isBlank()) {
                throw new IllegalArgumentException("prefetch[" + i + "]: expected {\"tool\": \"name\", \"arguments\": {...}}");
            }
            JsonNode args = e.has("arguments") ? e.get("arguments") : e.get("args");
            if (args != null && !args.isNull() && !args.isObject()) {
                throw new IllegalArgumentException("prefetch[" + i + "].arguments: expected an object");
            }
            out.add(new Call(tool.stringValue(), Json.toObject(args)));
        }
        return out;
    }
}
