package dev.tern.agent;

import dev.tern.run.RunLimits;

import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.run.RunJournal;
import dev.tern.run.RunResult;

import dev.tern.cancel.Cancellation;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.ModelException;
import dev.tern.llm.ModelGateway;
import dev.tern.llm.ModelInterceptor;
import dev.tern.llm.RequestTags;
import dev.tern.model.PromptCaching;
import dev.tern.model.StreamListener;
import dev.tern.model.SystemMessage;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.Usage;
import dev.tern.model.UserMessage;
import dev.tern.model.ToolCall;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * An agent: a model, a system prompt, a tool set and limits. Immutable and thread-safe: one agent
 * serves any number of concurrent runs. {@link #run} is the loop: model call, then the tool calls of
 * the answer (through the shared {@link ToolExecutor}), then the model again, until a final answer
 * or a limit.
 */
public final class Agent {

    private final String name;
    private final String model;
    private final ModelGateway gateway;
    private final ToolExecutor executor;
    private final ToolRegistry tools;
    private final Supplier<String> systemPrompt;
    private final RunLimits limits;
    private final List<AgentListener> listeners;
    private final boolean streaming;
    private final Integer maxOutputTokens;
    private final Double temperature;
    private final PromptCaching caching;
    private final int thinking;
    private final Map<String, String> metadata;

    private Agent(Builder b) {
        this.name = b.name;
        this.model = Objects.requireNonNull(b.model, "model");
        this.gateway = Objects.requireNonNull(b.gateway, "gateway");
        this.executor = Objects.requireNonNull(b.executor, "executor");
        this.tools = b.tools == null ? new ToolRegistry() : b.tools;
        this.systemPrompt = b.systemPrompt == null ? () -> "" : b.systemPrompt;
        this.limits = b.limits == null ? RunLimits.DEFAULT : b.limits;
        this.listeners = List.copyOf(b.listeners);
        this.streaming = b.streaming;
        this.maxOutputTokens = b.maxOutputTokens;
        this.temperature = b.temperature;
        this.caching = b.caching == null ? PromptCaching.DEFAULT : b.caching;
        this.thinking = b.thinking;
        this.metadata = Map.copyOf(b.metadata);
    }

    public static Builder builder(String name) { return new Builder(name); }

    public String name() { return name; }

    public String model() { return model; }

    public ToolRegistry tools() { return tools; }

    public ModelGateway gateway() { return gateway; }

    public ToolExecutor executor() { return executor; }

    public RunLimits limits() { return limits; }

    /** A copy of this agent's configuration, to derive a variant (other model, tools, limits). */
    public Builder toBuilder() {
        Builder b = new Builder(name).model(model).gateway(gateway).executor(executor).tools(tools)
                .systemPrompt(systemPrompt).limits(limits).streaming(streaming).maxOutputTokens(maxOutputTokens)
                .temperature(temperature).caching(caching).thinking(thinking).metadata(metadata);
        listeners.forEach(b::listener);
        return b;
    }

    /**
     * Runs the loop to a final answer or a limit. Never throws for model or tool failures: see the outcome.
     *
     * @throws IllegalArgumentException for a request without input whose history does not end with tool results
     */
    public RunResult run(RunRequest req) {
        if (req.input() == null && (req.history().isEmpty() || !(req.history().getLast() instanceof ToolResultMessage))) {
            throw new IllegalArgumentException("a run without input continues a history that ends with tool results");
        }
        String runId = RunIds.next();
        List<AgentListener> all = new ArrayList<>(listeners);
        all.addAll(req.listeners());
        Events events;
        Map<String, Object> attributes;
        Cancellation outer;
        if (req.parent() != null) {
            events = req.parent().events().child(runId, name);
            all.forEach(events::add);
            attributes = req.parent().attributes();
            outer = req.cancellation() != null ? req.cancellation() : req.parent().cancellation();
        } else {
            events = new Events(runId, name, all);
            attributes = new ConcurrentHashMap<>();
            outer = req.cancellation();
        }
        Instant started = Instant.now();
        Instant deadline = deadline(started, limits.maxWallTime());
        Cancellation token = outer == null ? Cancellation.withDeadline(deadline) : outer.child(deadline);
        RunContext ctx = new RunContext(runId, name, req.sessionId(), req.workspace(), events, token, attributes,
                req.journal());
        try {
            return new Loop(ctx, started).run(req);
        } finally {
            token.release();
        }
    }

    /** Convenience: a one-shot run with no history. */
    public RunResult run(String input) { return run(RunRequest.of(input)); }

    private static Instant deadline(Instant start, Duration wall) {
        try {
            return start.plus(wall);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return Instant.MAX;
        }
    }

    /** The state of one run. */
    private final class Loop {
        private final RunContext ctx;
        private final Instant started;
        private final List<Message> messages = new ArrayList<>();
        private final List<Message> added = new ArrayList<>();
        private Usage usage = Usage.ZERO;
        private int iterations;
        private int toolCalls;
        private String volatileSuffix;

        Loop(RunContext ctx, Instant started) {
            this.ctx = ctx;
            this.started = started;
        }

        RunResult run(RunRequest req) {
            double costBefore = ctx.cost().sum();
            ctx.events().emit(new AgentEvent.RunStarted(ctx.runId(), name, req.input() == null ? "" : req.input()));
            String prompt = systemPrompt.get();
            if (prompt != null && !prompt.isEmpty()) messages.add(new SystemMessage(prompt));
            messages.addAll(req.history());
            if (req.input() != null && req.runtimeBlock() != null && !req.runtimeBlock().isBlank()) {
                volatileSuffix = "\n\n" + req.runtimeBlock(); // the part of the prompt a response cache must not key on
            }
            try {
                if (req.input() != null) {
                    add(new UserMessage(volatileSuffix == null ? req.input() : req.input() + volatileSuffix));
                }
                while (true) {
                    if (iterations >= limits.maxIterations()) {
                        return finish("", RunResult.Outcome.MAX_ITERATIONS, costBefore,
                                "stopped after " + iterations + " model calls (limit maxIterations=" + limits.maxIterations() + ")");
                    }
                    if (ctx.cancellation().isCancelled()) return stopped(costBefore);
                    iterations++;
                    ChatResponse r = gateway.call(request(req.sessionId()),
                            new ModelInterceptor.CallContext(ctx, iterations, streaming, StreamListener.NONE));
                    usage = usage.plus(r.usage());
                    AssistantMessage answer = r.message();
                    add(answer);
                    if (!answer.hasToolCalls()) {
                        return finish(answer.text(), RunResult.Outcome.COMPLETED, costBefore, null);
                    }
                    toolCalls += answer.toolCalls().size();
                    List<ToolCall> own = ownCalls(answer.toolCalls());
                    if (!own.isEmpty()) {
                        ctx.journal().toolsStarted(ctx, own);
                        List<ToolResultMessage> results = executor.executeAll(own, tools, ctx);
                        for (ToolResultMessage m : results) add(m);
                    }
                    if (own.size() < answer.toolCalls().size()) {
                        // the caller runs the external calls and continues the conversation with their results
                        return finish(answer.text(), RunResult.Outcome.TOOL_CALLS, costBefore, null);
                    }
                }
            } catch (ModelException e) {
                if (e.kind() == ModelException.Kind.CANCELLED || ctx.cancellation().isCancelled()) return stopped(costBefore);
                RunResult.Outcome o = e.kind() == ModelException.Kind.BUDGET ? RunResult.Outcome.BUDGET_EXCEEDED : RunResult.Outcome.FAILED;
                ctx.events().emit(new AgentEvent.RunFailed(ctx.runId(), name, e.getMessage(), e));
                return finish("", o, costBefore, e.getMessage());
            } catch (RunJournal.JournalException e) {
                // nothing acknowledged may be lost: a step that cannot be saved stops the run
                ctx.events().emit(new AgentEvent.RunFailed(ctx.runId(), name, e.getMessage(), e));
                return finish("", RunResult.Outcome.FAILED, costBefore, e.getMessage());
            } catch (RuntimeException e) {
                String reason = "internal error: " + e;
                ctx.events().emit(new AgentEvent.RunFailed(ctx.runId(), name, reason, e));
                return finish("", RunResult.Outcome.FAILED, costBefore, reason);
            }
        }

        /** The calls this loop executes: all but those of external tools (the caller's). */
        private List<ToolCall> ownCalls(List<ToolCall> calls) {
            List<ToolCall> own = null;
            for (int i = 0; i < calls.size(); i++) {
                ToolCall c = calls.get(i);
                if (tools.find(c.name()).map(Tool::external).orElse(false)) {
                    if (own == null) own = new ArrayList<>(calls.subList(0, i));
                } else if (own != null) {
                    own.add(c);
                }
            }
            return own == null ? calls : own;
        }

        /** The run was cancelled or hit its wall-time limit: which one decides the outcome. */
        private RunResult stopped(double costBefore) {
            if (ctx.cancellation().cause() == Cancellation.Cause.DEADLINE) {
                return finish("", RunResult.Outcome.TIMEOUT, costBefore,
                        "stopped after " + seconds(Duration.between(started, Instant.now()))
                                + " (limit maxWallTime=" + seconds(limits.maxWallTime()) + ")");
            }
            String why = ctx.cancellation().reason();
            return finish("", RunResult.Outcome.CANCELLED, costBefore, why == null ? "cancelled" : "cancelled: " + why);
        }

        private ChatRequest request(String sessionId) {
            return ChatRequest.builder(model).messages(messages).tools(tools.definitions())
                    .maxOutputTokens(maxOutputTokens).temperature(temperature).cacheKey(sessionId)
                    .caching(caching).thinking(thinking)
                    .metadata(tags()).build();
        }

        /** The agent's own tags (e.g. {@code cache}, {@code batch} for the gateway's interceptors), then agent and run. */
        private Map<String, String> tags() {
            if (metadata.isEmpty() && volatileSuffix == null) return Map.of("agent", name, "run", ctx.runId());
            Map<String, String> m = new java.util.HashMap<>(metadata);
            m.put("agent", name);
            m.put("run", ctx.runId());
            // what the runtime block adds to the user turn: the response cache keeps it out of the request's key
            if (volatileSuffix != null) m.put(RequestTags.VOLATILE_SUFFIX, volatileSuffix);
            return m;
        }

        /** Persists the message through the journal (a failure stops the run), then makes it part of the conversation. */
        private void add(Message m) {
            ctx.journal().append(ctx, m);
            messages.add(m);
            added.add(m);
            ctx.events().messageAdded(m);
        }

        private RunResult finish(String text, RunResult.Outcome outcome, double costBefore, String reason) {
            RunResult result = new RunResult(text, added, usage, ctx.cost().sum() - costBefore, iterations,
                    toolCalls, Duration.between(started, Instant.now()), outcome, reason);
            try {
                ctx.journal().finished(ctx, result);
            } catch (RuntimeException e) {
                // the messages are already persisted; the outcome line is best effort
            }
            ctx.events().emit(new AgentEvent.RunFinished(ctx.runId(), name, result));
            return result;
        }
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    /** Builds an {@link Agent}; model, gateway and executor are required. */
    public static final class Builder {
        private final String name;
        private String model;
        private ModelGateway gateway;
        private ToolExecutor executor;
        private ToolRegistry tools;
        private Supplier<String> systemPrompt;
        private RunLimits limits;
        private final List<AgentListener> listeners = new ArrayList<>();
        private boolean streaming = true;
        private Integer maxOutputTokens;
        private Double temperature;
        private PromptCaching caching;
        private int thinking;
        private Map<String, String> metadata = Map.of();

        private Builder(String name) { this.name = Objects.requireNonNull(name, "name"); }

        public Builder model(String v) { this.model = v; return this; }
        public Builder gateway(ModelGateway v) { this.gateway = v; return this; }
        public Builder executor(ToolExecutor v) { this.executor = v; return this; }
        public Builder tools(ToolRegistry v) { this.tools = v; return this; }
        public Builder systemPrompt(Supplier<String> v) { this.systemPrompt = v; return this; }
        public Builder systemPrompt(String v) { this.systemPrompt = () -> v; return this; }
        public Builder limits(RunLimits v) { this.limits = v; return this; }
        public Builder listener(AgentListener v) { this.listeners.add(v); return this; }
        public Builder streaming(boolean v) { this.streaming = v; return this; }
        public Builder maxOutputTokens(Integer v) { this.maxOutputTokens = v; return this; }
        public Builder temperature(Double v) { this.temperature = v; return this; }
        public Builder caching(PromptCaching v) { this.caching = v; return this; }
        public Builder thinking(int budgetTokens) { this.thinking = budgetTokens; return this; }
        /** Tags carried in every request's metadata (never sent to the provider); {@code agent} and {@code run} are set by the loop. */
        public Builder metadata(Map<String, String> v) { this.metadata = v == null ? Map.of() : v; return this; }

        public Agent build() { return new Agent(this); }
    }
}
