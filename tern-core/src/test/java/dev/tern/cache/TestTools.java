package dev.tern.cache;

import dev.tern.json.JsonObject;

import dev.tern.run.RunContext;
import dev.tern.json.Json;
import dev.tern.model.ToolSpec;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolInterceptor;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.util.concurrent.atomic.AtomicInteger;

/** Small real tools for the cache tests: they count their executions. */
final class TestTools {

    private TestTools() { }

    @FunctionalInterface
    interface Body {
        ToolResult run(ToolCallContext call) throws Exception;
    }

    static final class CountingTool implements Tool {
        final AtomicInteger executions = new AtomicInteger();
        private final ToolSpec spec;
        private final ToolTraits traits;
        private final Body body;

        CountingTool(String name, ToolTraits traits, Body body) {
            this.spec = new ToolSpec(name, "test tool " + name, null);
            this.traits = traits;
            this.body = body;
        }

        @Override public ToolSpec spec() { return spec; }

        @Override public ToolTraits traits() { return traits; }

        @Override public ToolResult execute(ToolCallContext call) throws Exception {
            executions.incrementAndGet();
            return body.run(call);
        }
    }

    static final ToolTraits CACHEABLE = ToolTraits.READ_ONLY.withCacheable(true);

    /** Runs one call through the interceptor, as the executor would. */
    static ToolResult call(ToolInterceptor i, Tool tool, RunContext run, String callId, String argsJson)
            throws Exception {
        ToolCallContext ctx = new ToolCallContext(callId, tool.name(), JsonObject.parse(argsJson), run);
        return i.intercept(tool, ctx, tool::execute);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
