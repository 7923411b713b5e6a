package dev.tern.tool;

import dev.tern.cancel.Cancellation;
import dev.tern.metrics.Metrics;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.run.AgentEvent;
import dev.tern.run.AgentEvent.ToolSource;
import dev.tern.run.RunContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The single place where every tool call executes — for the main agent, sub-agents and workflows
 * alike — so validation, approvals, caching, permissions, timing and counters cannot be bypassed.
 *
 * <p>{@link #executeAll} runs the calls of one model response concurrently, one virtual thread each,
 * except calls that conflict (see {@link CallPlan#conflicts}): those keep the model's order. A single
 * call runs on the caller's thread (no hop). Results always come back in the model's call order. A
 * failing, invalid, unknown, timed-out or cancelled call becomes an error result the model can read;
 * it never fails the run.
 *
 * <p>Per call: {@link ToolGate}s first (a human may take as long as they like: not tool time), then
 * the clock starts and the {@link ToolInterceptor}s and the tool run under the call's timeout. The
 * timeout and the run's cancellation interrupt the thread executing the call; a cancelled batch
 * returns within {@link #CANCEL_GRACE} even if a tool ignores the interrupt.
 */
public final class ToolExecutor {

    /** How long a cancelled batch waits for its tools to notice the interrupt before it returns without them. */
    public static final Duration CANCEL_GRACE = Duration.ofSeconds(1);

    private final Metrics metrics;
    private final ArgumentPreparer preparer;
    private final List<ToolGate> gates = new CopyOnWriteArrayList<>();
    private final List<ToolInterceptor> interceptors = new CopyOnWriteArrayList<>();

    public ToolExecutor(Metrics metrics) {
        this(metrics, ArgumentPreparer.validating());
    }

    public ToolExecutor(Metrics metrics, ArgumentPreparer preparer) {
        this.metrics = metrics;
        this.preparer = preparer;
    }

    /** Adds a step around every execution (cache, truncation); runs in order added, under the call's timeout. */
    public ToolExecutor addInterceptor(ToolInterceptor i) {
        interceptors.add(i);
        return this;
    }

    /** Adds a check before every execution (permissions, approval), outside the call's timeout; in order added. */
    public ToolExecutor addGate(ToolGate g) {
        gates.add(g);
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
                    for (CompletableFuture<ToolResultMessage> b : before) b.get();
                    f.complete(run(plan, run));
                } catch (InterruptedException e) {
                    f.complete(cancelled(plan.call(), run));
                } catch (Throwable t) {
                    f.complete(errorMessage(plan.call(), "internal error: " + t));
                }
            });
        }
        List<ToolResultMessage> results = collect(plans, futures, run);
        metrics.timer("tool.batch").record(System.nanoTime() - start);
        return results;
    }

    /** Waits for every call; once the run is cancelled, waits at most {@link #CANCEL_GRACE} more. */
    private List<ToolResultMessage> collect(List<CallPlan> plans, List<CompletableFuture<ToolResultMessage>> futures, RunContext run) {
        CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
        CompletableFuture<Void> stop = new CompletableFuture<>();
        try (Cancellation.Registration r = run.cancellation().onCancel(() -> stop.complete(null))) {
            CompletableFuture.anyOf(all, stop).join();
            if (!all.isDone()) all.get(CANCEL_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // a tool ignored the interrupt: answer for it below and let its thread finish on its own
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ToolResultMessage> results = new ArrayList<>(futures.size());
        for (int i = 0; i < futures.size(); i++) {
            CompletableFuture<ToolResultMessage> f = futures.get(i);
            results.add(f.isDone() && !f.isCompletedExceptionally() ? f.join() : cancelled(plans.get(i).call(), run));
        }
        return List.copyOf(results);
    }

    /** Executes one call on the caller's thread. */
    public ToolResultMessage execute(ToolCall call, ToolRegistry tools, RunContext run) {
        return run(CallPlan.of(call, tools, preparer), run);
    }

    private ToolResultMessage run(CallPlan plan, RunContext run) {
        ToolCall call = plan.call();
        if (plan.problem() != null) {
            return finish(call, run, ToolResult.error(plan.problem()).withSource(ToolSource.INVALID), System.nanoTime());
        }
        ToolCallContext ctx = new ToolCallContext(call.id(), call.name(), plan.arguments(), run);
        ToolResult denied;
        try {
            denied = gate(plan.tool(), ctx);
        } catch (InterruptedException e) {
            return cancelled(call, run);
        }
        if (denied != null) return finish(call, run, denied.withSource(denied.source() == ToolSource.EXECUTED ? ToolSource.DENIED : denied.source()), System.nanoTime());
        long t0 = System.nanoTime();
        run.events().emit(new AgentEvent.ToolStarted(run.runId(), run.agent(), call.id(), call.name(), call.argumentsJson()));
        return finish(call, run, invoke(plan.tool(), ctx, run), t0);
    }

    private ToolResult gate(Tool tool, ToolCallContext ctx) throws InterruptedException {
        for (ToolGate g : gates) {
            if (ctx.run().cancellation().isCancelled()) throw new InterruptedException("cancelled");
            ToolResult r = g.check(tool, ctx);
            if (r != null) return r;
        }
        return null;
    }

    private ToolResultMessage finish(ToolCall call, RunContext run, ToolResult result, long t0) {
        long elapsed = System.nanoTime() - t0;
        record(call.name(), result, elapsed);
        run.events().emit(new AgentEvent.ToolFinished(run.runId(), run.agent(), call.id(), call.name(),
                Duration.ofNanos(elapsed), result.error(), result.source(), result.content().length()));
        return toMessage(call, result);
    }

    /** Runs the interceptors and the tool on this thread under the call's timeout and the run's cancellation. */
    private ToolResult invoke(Tool tool, ToolCallContext ctx, RunContext run) {
        Cancellation runToken = run.cancellation();
        if (runToken.isCancelled()) return stoppedBy(runToken, tool);
        Duration timeout = tool.traits().timeout();
        Cancellation callToken = runToken.child(after(timeout));
        Thread self = Thread.currentThread();
        Cancellation.Registration interrupt = callToken.onCancel(self::interrupt);
        try {
            ToolResult r = chain(0, tool).proceed(ctx);
            return callToken.isCancelled() && interrupt.fired() ? stoppedOrTimedOut(runToken, tool, timeout) : r;
        } catch (InterruptedException e) {
            return stoppedOrTimedOut(runToken, tool, timeout);
        } catch (Exception e) {
            if (interrupt.fired()) return stoppedOrTimedOut(runToken, tool, timeout);
            return failure(tool, e);
        } finally {
            interrupt.close();
            callToken.release();
            if (interrupt.fired()) Thread.interrupted(); // our interrupt must not leak into the caller
        }
    }

    private ToolResult stoppedOrTimedOut(Cancellation runToken, Tool tool, Duration timeout) {
        if (runToken.isCancelled()) return stoppedBy(runToken, tool);
        metrics.counter("tool.timeouts").increment();
        return ToolResult.error("tool '" + tool.name() + "' timed out after " + human(timeout)
                + "; try a smaller request or a different approach");
    }

    private static ToolResult stoppedBy(Cancellation runToken, Tool tool) {
        String why = runToken.cause() == Cancellation.Cause.DEADLINE
                ? "the run's wall-time limit was reached" : "the run was cancelled";
        return ToolResult.error("tool '" + tool.name() + "' did not finish: " + why).withSource(ToolSource.CANCELLED);
    }

    private ToolResultMessage cancelled(ToolCall call, RunContext run) {
        String why = run.cancellation().cause() == Cancellation.Cause.DEADLINE
                ? "the run's wall-time limit was reached" : "the run was cancelled";
        ToolResult r = ToolResult.error("tool '" + call.name() + "' did not finish: " + why).withSource(ToolSource.CANCELLED);
        run.events().emit(new AgentEvent.ToolFinished(run.runId(), run.agent(), call.id(), call.name(), Duration.ZERO,
                true, ToolSource.CANCELLED, r.content().length()));
        return toMessage(call, r);
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

    private static Instant after(Duration d) {
        try {
            return Instant.now().plus(d);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return Instant.MAX;
        }
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.1f s", ms / 1000.0);
    }
}
