package dev.tern.tool;

import dev.tern.agent.AgentEvent;
import dev.tern.agent.AgentEvent.ToolSource;
import dev.tern.agent.RunContext;
import dev.tern.metrics.Metrics;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The single place where every tool call executes — for the main agent, sub-agents and workflows
 * alike — so validation, caching, permissions, timing and counters cannot be bypassed.
 *
 * <p>{@link #executeAll} runs the calls of one model response concurrently, one virtual thread each,
 * except calls that conflict (see {@link CallPlan#conflicts}), which keep the model's order. Results
 * always come back in the model's call order. A failing, invalid, unknown or timed-out call becomes an
 * error result the model can read; it never fails the run.
 */
public final class ToolExecutor {

    private final Metrics metrics;
    private final ArgumentPreparer preparer;
    private final List<ToolInterceptor> interceptors = new CopyOnWriteArrayList<>();

    public ToolExecutor(Metrics metrics) {
        this(metrics, ArgumentPreparer.validating());
    }

    public ToolExecutor(Metrics metrics, ArgumentPreparer preparer) {
        this.metrics = metrics;
        this.preparer = preparer;
    }

    /** Adds a step around every execution (cache, permission check, truncation); runs in order added. */
    public ToolExecutor addInterceptor(ToolInterceptor i) {
        interceptors.add(i);
        return this;
    }

    public Metrics metrics() { return metrics; }

    /** Executes the calls of one model turn; results in the model's call order. */
    public List<ToolResultMessage> executeAll(List<ToolCall> calls, ToolRegistry tools, RunContext run) {
        if (calls.isEmpty()) return List.of();
        List<CallPlan> plans = new ArrayList<>(calls.size());
        for (ToolCall c : calls) plans.add(CallPlan.of(c, tools, preparer));
        long start = System.nanoTime();
        if (plans.size() == 1) {
            ToolResultMessage only = run(plans.getFirst(), run);
            metrics.timer("tool.batch").record(System.nanoTime() - start);
            return List.of(only);
        }
        List<CompletableFuture<ToolResultMessage>> futures = new ArrayList<>(plans.size());
        for (int i = 0; i < plans.size(); i++) {
            CallPlan plan = plans.get(i);
            List<CompletableFuture<ToolResultMessage>> before = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                if (plans.get(j).conflicts(plan)) before.add(futures.get(j));
            }
            CompletableFuture<ToolResultMessage> f = new CompletableFuture<>();
            futures.add(f);
            Thread.ofVirtual().name("tool-" + plan.call().name()).start(() -> {
                try {
                    for (CompletableFuture<ToolResultMessage> b : before) b.join();
                    f.complete(run(plan, run));
                } catch (Throwable t) {
                    f.complete(errorMessage(plan.call(), "internal error: " + t));
                }
            });
        }
        List<ToolResultMessage> results = new ArrayList<>(plans.size());
        for (CompletableFuture<ToolResultMessage> f : futures) results.add(f.join());
        metrics.timer("tool.batch").record(System.nanoTime() - start);
        return List.copyOf(results);
    }

    /** Executes one call. */
    public ToolResultMessage execute(ToolCall call, ToolRegistry tools, RunContext run) {
        return run(CallPlan.of(call, tools, preparer), run);
    }

    private ToolResultMessage run(CallPlan plan, RunContext run) {
        ToolCall call = plan.call();
        run.events().emit(new AgentEvent.ToolStarted(run.runId(), run.agent(), call.id(), call.name(), call.argumentsJson()));
        long t0 = System.nanoTime();
        ToolResult result;
        if (plan.problem() != null) {
            result = ToolResult.error(plan.problem()).withSource(ToolSource.INVALID);
        } else {
            result = invoke(plan, run);
        }
        long elapsed = System.nanoTime() - t0;
        record(call.name(), result, elapsed);
        run.events().emit(new AgentEvent.ToolFinished(run.runId(), run.agent(), call.id(), call.name(),
                Duration.ofNanos(elapsed), result.error(), result.source(), result.content().length()));
        return toMessage(call, result);
    }

    private ToolResult invoke(CallPlan plan, RunContext run) {
        Tool tool = plan.tool();
        ToolCallContext ctx = new ToolCallContext(plan.call().id(), plan.call().name(), plan.arguments(), run);
        Duration timeout = tool.traits().timeout();
        if (run.deadline() != Instant.MAX) {
            Duration left = Duration.between(Instant.now(), run.deadline());
            if (left.isNegative() || left.isZero()) return ToolResult.error("the run's wall-time limit was reached before this tool ran");
            if (left.compareTo(timeout) < 0) timeout = left;
        }
        FutureTask<ToolResult> task = new FutureTask<>(() -> chain(0, tool).proceed(ctx));
        Thread worker = Thread.ofVirtual().name("tool-exec-" + tool.name()).start(task);
        try {
            return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            worker.interrupt();
            metrics.counter("tool.timeouts").increment();
            return ToolResult.error("tool '" + tool.name() + "' timed out after " + human(timeout)
                    + "; try a smaller request or a different approach");
        } catch (ExecutionException e) {
            return failure(tool, e.getCause());
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            return ToolResult.error("tool '" + tool.name() + "' was cancelled");
        }
    }

    private ToolInterceptor.Chain chain(int index, Tool tool) {
        if (index == interceptors.size()) return c -> tool.execute(c);
        ToolInterceptor i = interceptors.get(index);
        ToolInterceptor.Chain next = chain(index + 1, tool);
        return c -> i.intercept(tool, c, next);
    }

    private static ToolResult failure(Tool tool, Throwable t) {
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return ToolResult.error("tool '" + tool.name() + "' failed: " + msg);
    }

    private void record(String name, ToolResult r, long nanos) {
        metrics.counter("tool.calls").increment();
        metrics.counter("tool.calls." + name).increment();
        if (r.error()) metrics.counter("tool.errors").increment();
        if (r.source() == ToolSource.EXECUTED) {
            metrics.timer("tool.exec").record(nanos);
            metrics.timer("tool.exec." + name).record(nanos);
        }
    }

    private static ToolResultMessage toMessage(ToolCall call, ToolResult r) {
        String content = r.content();
        if (r.error() && !content.regionMatches(true, 0, "error", 0, 5)) content = "Error: " + content;
        return new ToolResultMessage(call.id(), call.name(), content, r.error());
    }

    private static ToolResultMessage errorMessage(ToolCall call, String msg) {
        return new ToolResultMessage(call.id(), call.name(), "Error: " + msg, true);
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.1f s", ms / 1000.0);
    }
}
