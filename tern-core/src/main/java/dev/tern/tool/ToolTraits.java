package dev.tern.tool;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import dev.tern.json.JsonObject;

/**
 * Scheduling and caching facts about a tool.
 *
 * @param readOnly   the tool has no side effects; read-only calls run in parallel with anything that
 *                   does not write the same resource
 * @param exclusive  the tool must not overlap with any other non-read-only call (a shell command);
 *                   exclusive calls keep the model's order
 * @param cacheable  results may be cached and identical in-flight calls coalesced (read-only and
 *                   idempotent); off by default
 * @param timeout    per-call timeout
 * @param resource   maps the call's arguments to the resource it touches ("file:/abs/path"), or
 *                   returns null when it touches nothing in particular. Two calls that touch the same
 *                   resource, at least one of them writing, never overlap and keep their order.
 */
public record ToolTraits(boolean readOnly, boolean exclusive, boolean cacheable, Duration timeout,
                         Function<JsonObject, String> resource) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final ToolTraits DEFAULT = new ToolTraits(false, false, false, DEFAULT_TIMEOUT, null);
    public static final ToolTraits READ_ONLY = new ToolTraits(true, false, false, DEFAULT_TIMEOUT, null);

    public ToolTraits {
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (readOnly && exclusive) throw new IllegalArgumentException("a read-only tool cannot be exclusive");
    }

    public ToolTraits withTimeout(Duration t) { return new ToolTraits(readOnly, exclusive, cacheable, t, resource); }

    public ToolTraits withCacheable(boolean c) { return new ToolTraits(readOnly, exclusive, c, timeout, resource); }

    public ToolTraits withResource(Function<JsonObject, String> r) { return new ToolTraits(readOnly, exclusive, cacheable, timeout, r); }

    /** The resource a call with these arguments touches, or null. */
    public String resourceOf(JsonObject args) {
        return resource == null ? null : resource.apply(Objects.requireNonNull(args));
    }
}
