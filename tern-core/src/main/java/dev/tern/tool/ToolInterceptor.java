package dev.tern.tool;

/**
 * A step around every tool execution, at the single choke point ({@code ToolExecutor}): caching,
 * permissions, metrics. Interceptors run in registration order; each calls {@code next.proceed()}
 * to continue or returns its own result to short-circuit.
 */
@FunctionalInterface
public interface ToolInterceptor {

    ToolResult intercept(Tool tool, ToolCallContext call, Chain next) throws Exception;

    /** The rest of the chain. */
    @FunctionalInterface
    interface Chain {
        ToolResult proceed(ToolCallContext call) throws Exception;
    }
}
