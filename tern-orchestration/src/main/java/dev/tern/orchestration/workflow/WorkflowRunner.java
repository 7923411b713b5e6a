package dev.tern.orchestration.workflow;

import dev.tern.agent.Agent;
import dev.tern.agent.RunRequest;
import dev.tern.cache.Prefetch;
import dev.tern.cancel.Cancellation;
import dev.tern.json.JsonArray;
import dev.tern.json.JsonObject;
import dev.tern.json.JsonString;
import dev.tern.json.JsonValue;
import dev.tern.orchestration.agents.AgentCatalog;
import dev.tern.orchestration.agents.AgentDefinition;
import dev.tern.orchestration.agents.AgentFactory;
import dev.tern.orchestration.agents.AgentRun;
import dev.tern.run.AgentListener;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.run.RunJournal;
import dev.tern.run.RunResult;
import dev.tern.llm.ModelGateway;
import dev.tern.llm.ModelInterceptor;
import dev.tern.model.ChatRequest;
import dev.tern.model.StreamListener;
import dev.tern.model.SystemMessage;
import dev.tern.model.UserMessage;
import dev.tern.orchestration.tiers.Tier;
import dev.tern.tokens.TokenCounter;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import dev.tern.workspace.tools.PathGuard;
import dev.tern.workspace.tools.ToolException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs a workflow: the gather calls concurrently through the shared executor (so into the shared
 * tool-result cache), then each step — parallel agents on virtual threads, sequential agents, a report
 * by sections — every agent a child run of one workflow run (one budget, one event stream, one
 * cancellation) built on the workspace's gateway and executor. Outputs pass forward within each step's
 * token budget. Step durations are recorded for the next run's ETA.
 */
public final class WorkflowRunner {

    /**
     * How to run.
     *
     * @param listeners    agent listeners (progress, run log) for every agent of the workflow
     * @param listener     workflow events
     * @param sink         report sections as they complete
     * @param cancellation the caller's token (Ctrl-C), or null
     * @param timeout      wall-time limit of the whole workflow, or null
     */
    public record Options(List<AgentListener> listeners, WorkflowListener listener, ReportSink sink,
                          Cancellation cancellation, Duration timeout) {
        public Options {
            listeners = listeners == null ? List.of() : List.copyOf(listeners);
            listener = listener == null ? WorkflowListener.NONE : listener;
            sink = sink == null ? ReportSink.NONE : sink;
        }

        public static Options defaults() { return new Options(List.of(), null, null, null, null); }
    }

    private static final AtomicLong SEQ = new AtomicLong();

    private final AgentFactory factory;
    private final Supplier<AgentCatalog> agents;
    private final ToolExecutor executor;
    private final ToolRegistry tools;
    private final ModelGateway gateway;
    private final TokenCounter counter;
    private final StepTimes times;
    private final Path workspace;

    /**
     * @param gateway the workspace's gateway (summaries of outputs over budget go through it, on the fast tier)
     * @param counter counts the tokens of outputs passed forward
     * @param times   past step durations (for the ETA); each finished step is appended
     */
    public WorkflowRunner(AgentFactory factory, Supplier<AgentCatalog> agents, ToolExecutor executor, ToolRegistry tools,
                          ModelGateway gateway, TokenCounter counter, StepTimes times, Path workspace) {
        this.factory = factory;
        this.agents = agents;
        this.executor = executor;
        this.tools = tools;
        this.gateway = gateway;
        this.counter = counter;
        this.times = times;
        this.workspace = workspace;
    }

    /**
     * Runs {@code wf} on {@code input}.
     *
     * @throws WorkflowSetupException when the workflow names an agent that does not exist or a report file outside the workspace
     */
    public WorkflowResult run(WorkflowDefinition wf, String input, Options o) {
        AgentCatalog catalog = agents.get();
        Map<String, AgentDefinition> defs = new LinkedHashMap<>();
        for (String a : wf.agents()) {
            defs.put(a, catalog.find(a).orElseThrow(() -> new WorkflowSetupException("workflow '" + wf.name()
                    + "' names agent '" + a + "', which is not defined (agents/" + a + ".md or .claude/agents/" + a + ".md)")));
        }
        Path reportFile = null;
        for (Step s : wf.steps()) if (s instanceof Step.Report r && r.file() != null) reportFile = reportPath(r.file(), input);

        long start = System.nanoTime();
        String runId = "wf-" + wf.name() + "-" + SEQ.incrementAndGet();
        Cancellation token = o.cancellation() != null ? o.cancellation().child(deadline(o.timeout())) : Cancellation.withDeadline(deadline(o.timeout()));
        RunContext root = new RunContext(runId, "workflow:" + wf.name(), null, workspace, new Events(runId, "workflow:" + wf.name(),
                o.listeners()), token, new ConcurrentHashMap<>(), RunJournal.NONE);
        List<String> labels = new ArrayList<>();
        List<Duration> expected = new ArrayList<>();
        labels.add(wf.gather().isEmpty() ? "(no gather)" : "gather " + wf.gather().size() + " tool calls");
        expected.add(wf.gather().isEmpty() ? null : times.expected(StepTimes.key(wf.name(), 0, labels.getFirst())));
        for (int i = 0; i < wf.steps().size(); i++) {
            labels.add(wf.steps().get(i).label());
            expected.add(times.expected(StepTimes.key(wf.name(), i + 1, wf.steps().get(i).label())));
        }
        o.listener().onEvent(new WorkflowEvent.Started(wf.name(), input, labels, new Eta(expected)));
        Run run = new Run(wf, input, o, root, defs, start, reportFile);
        WorkflowResult result;
        try {
            result = run.execute();
        } finally {
            token.release();
        }
        o.listener().onEvent(new WorkflowEvent.Finished(result));
        return result;
    }

    private Path reportPath(String template, String input) {
        String safe = input.strip().replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        if (safe.length() > 100) safe = safe.substring(0, 100);
        if (safe.isEmpty()) safe = "report";
        try {
            return new PathGuard(workspace, true).resolve(template.replace("{{input}}", safe));
        } catch (ToolException e) {
            throw new WorkflowSetupException("report file: " + e.getMessage());
        }
    }

    private static Instant deadline(Duration timeout) {
        return timeout == null ? Instant.MAX : Instant.now().plus(timeout);
    }

    /** The state of one workflow run. */
    private final class Run {
        private final WorkflowDefinition wf;
        private final String input;
        private final Options o;
        private final RunContext root;
        private final Map<String, AgentDefinition> defs;
        private final long start;
        private final Path reportFile;
        private final List<WorkflowResult.StepResult> done = new ArrayList<>();
        private Duration firstSection;
        private String gathered = "";
        private final OutputBudget budget;

        Run(WorkflowDefinition wf, String input, Options o, RunContext root, Map<String, AgentDefinition> defs, long start,
            Path reportFile) {
            this.wf = wf;
            this.input = input;
            this.o = o;
            this.root = root;
            this.defs = defs;
            this.start = start;
            this.reportFile = reportFile;
            this.budget = new OutputBudget(counter, this::summarize);
        }

        /** One call on the fast tier, through the shared gateway, as part of this workflow run. */
        private String summarize(String agent, String text, int maxTokens) {
            String model = factory.models().tiers().model(Tier.FAST, factory.models().mainModel());
            ChatRequest req = ChatRequest.builder(model).maxOutputTokens(maxTokens)
                    .messages(List.of(new SystemMessage("Summarise the text for the next step of a workflow in at most "
                            + maxTokens + " tokens. Keep facts, figures, names and conclusions; drop repetition."),
                            new UserMessage(text)))
                    .metadata(Map.of("agent", agent, "purpose", "workflow-summary")).build();
            o.listener().onEvent(new WorkflowEvent.Notice("summarising " + agent + "'s output to ~" + maxTokens + " tokens with " + model));
            return gateway.call(req, new ModelInterceptor.CallContext(root, 0, false, StreamListener.NONE)).message().text();
        }

        WorkflowResult execute() {
            int n = wf.steps().size();
            if (!wf.gather().isEmpty()) gather(n);
            List<Output> previous = List.of();
            for (int i = 0; i < n; i++) {
                if (root.cancellation().isCancelled()) return stopped(previous);
                Step step = wf.steps().get(i);
                o.listener().onEvent(new WorkflowEvent.StepStarted(i + 1, n, step.label(), step.agents()));
                long t0 = System.nanoTime();
                StepOutcome out;
                try {
                    List<Output> given = budget.fit(previous, step.maxInputTokens() != null ? step.maxInputTokens()
                            : i == 0 ? null : DEFAULT_INPUT_TOKENS, step.passing());
                    out = switch (step) {
                        case Step.Parallel p -> agents(p.agents(), given);
                        case Step.Sequential s -> agents(List.of(s.agent()), given);
                        case Step.Report r -> report(r, given);
                    };
                } catch (IOException e) {
                    out = StepOutcome.failed("report file " + reportFile + ": " + e.getMessage(), RunResult.Outcome.FAILED, List.of());
                } catch (RuntimeException e) {
                    out = StepOutcome.failed(e.getMessage() == null ? e.toString() : e.getMessage(), RunResult.Outcome.FAILED, List.of());
                }
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                done.add(new WorkflowResult.StepResult(i + 1, step.label(), took, out.agents(), out.outputs()));
                o.listener().onEvent(new WorkflowEvent.StepFinished(i + 1, step.label(), took, out.failure() == null));
                if (out.failure() != null) return failed(out, previous);
                remember(i + 1, step.label(), took);
                previous = out.outputs();
            }
            return finish(WorkflowResult.Outcome.COMPLETED, null, previous);
        }

        private void gather(int steps) {
            String label = "gather " + wf.gather().size() + " tool calls";
            o.listener().onEvent(new WorkflowEvent.StepStarted(0, steps, label, List.of()));
            List<Prefetch.Call> calls = new ArrayList<>();
            for (WorkflowDefinition.GatherCall c : wf.gather()) calls.add(new Prefetch.Call(c.tool(), substitute(c.arguments(), input)));
            long t0 = System.nanoTime();
            Prefetch.Result r = new Prefetch(executor, tools).gather(calls, root);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            gathered = r.contextBlock();
            o.listener().onEvent(new WorkflowEvent.Notice("gathered " + calls.size() + " tool results in "
                    + String.format("%.2fs", took.toMillis() / 1000.0) + (r.errors() > 0 ? " (" + r.errors() + " failed)" : "")));
            done.add(new WorkflowResult.StepResult(0, label, took, List.of(), List.of()));
            o.listener().onEvent(new WorkflowEvent.StepFinished(0, label, took, r.errors() == 0));
            remember(0, label, took);
        }

        private StepOutcome agents(List<String> names, List<Output> given) {
            String text = compose(given);
            List<Thread> threads = new ArrayList<>();
            AgentRun[] runs = new AgentRun[names.size()];
            Cancellation stepToken = root.cancellation().child();
            try {
                for (int k = 0; k < names.size(); k++) {
                    int idx = k;
                    AgentDefinition d = defs.get(names.get(k));
                    Runnable job = () -> {
                        runs[idx] = factory.run(d, RunRequest.of(text).withParent(root).withWorkspace(workspace)
                                .withCancellation(stepToken), notice -> o.listener().onEvent(new WorkflowEvent.Notice(notice)));
                        if (!runs[idx].result().completed()) stepToken.cancel(d.name() + " did not complete");
                    };
                    if (names.size() == 1) job.run();
                    else threads.add(Thread.ofVirtual().name("agent-" + d.name()).start(job));
                }
                for (Thread t : threads) t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stepToken.cancel("interrupted");
                return StepOutcome.failed("interrupted", RunResult.Outcome.CANCELLED, List.of());
            } finally {
                stepToken.release();
            }
            List<WorkflowResult.AgentResult> results = new ArrayList<>();
            List<Output> outputs = new ArrayList<>();
            String failure = null;
            RunResult.Outcome failedOutcome = null;
            for (AgentRun r : runs) {
                if (r == null) continue;
                results.add(new WorkflowResult.AgentResult(r.agent().name(), r.choice(), r.escalated(), r.result()));
                outputs.add(new Output(r.agent().name(), r.result().text()));
                if (!r.result().completed() && (failure == null || failedOutcome == RunResult.Outcome.CANCELLED)) {
                    failure = r.agent().name() + ": " + r.result().reason();
                    failedOutcome = r.result().outcome();
                }
            }
            return new StepOutcome(results, outputs, failure, failedOutcome);
        }

        private StepOutcome report(Step.Report r, List<Output> given) throws IOException {
            AgentDefinition d = defs.get(r.agent());
            var choice = factory.choose(d, input);
            o.listener().onEvent(new WorkflowEvent.Notice(d.name() + ": model " + choice.model() + " (" + choice.reason() + ")"));
            Agent writer = factory.agent(d, choice).toBuilder().tools(new ToolRegistry())
                    .limits(factory.limits().withMaxIterations(1)).build();
            ReportWriter w = new ReportWriter(writer, root, r.file() == null ? null : reportFile, o.sink(), o.listener(), start);
            ReportWriter.Written out = w.write(r.sections(), input, compose(given), r.concurrency());
            if (firstSection == null) firstSection = out.firstSection();
            List<WorkflowResult.AgentResult> results = new ArrayList<>();
            for (RunResult rr : out.runs()) results.add(new WorkflowResult.AgentResult(d.name(), choice, false, rr));
            return new StepOutcome(results, out.sections(), out.failure(), out.failedOutcome());
        }

        /** The input an agent of a step reads: workflow instructions, gathered data, previous outputs, the task. */
        private String compose(List<Output> given) {
            StringBuilder sb = new StringBuilder();
            if (!wf.instructions().isBlank()) sb.append(wf.instructions().strip()).append("\n\n");
            if (!gathered.isEmpty()) sb.append(gathered).append("\n\n");
            String prev = OutputBudget.render(given);
            if (!prev.isEmpty()) sb.append(prev).append("\n\n");
            return sb.append(input).toString();
        }

        private void remember(int index, String label, Duration took) {
            try {
                times.record(StepTimes.key(wf.name(), index, label), took);
            } catch (IOException e) {
                o.listener().onEvent(new WorkflowEvent.Notice("error: cannot record the step time in " + times.file() + ": " + e.getMessage()));
            }
        }

        private WorkflowResult stopped(List<Output> last) {
            Cancellation c = root.cancellation();
            boolean deadline = c.cause() == Cancellation.Cause.DEADLINE;
            return finish(deadline ? WorkflowResult.Outcome.LIMIT : WorkflowResult.Outcome.CANCELLED,
                    deadline ? "stopped at the workflow's time limit" : "cancelled: " + c.reason(), last);
        }

        private WorkflowResult failed(StepOutcome out, List<Output> last) {
            WorkflowResult.Outcome outcome = switch (out.failedOutcome()) {
                case MAX_ITERATIONS, TIMEOUT, BUDGET_EXCEEDED -> WorkflowResult.Outcome.LIMIT;
                case CANCELLED -> root.cancellation().cause() == Cancellation.Cause.DEADLINE ? WorkflowResult.Outcome.LIMIT
                        : WorkflowResult.Outcome.CANCELLED;
                default -> WorkflowResult.Outcome.FAILED;
            };
            return finish(outcome, out.failure(), out.outputs().isEmpty() ? last : out.outputs());
        }

        private WorkflowResult finish(WorkflowResult.Outcome outcome, String reason, List<Output> last) {
            StringBuilder text = new StringBuilder();
            for (Output x : last) {
                if (!text.isEmpty()) text.append("\n\n");
                text.append(x.text().strip());
            }
            boolean wroteReport = done.stream().anyMatch(s -> s.label().startsWith("report"));
            return new WorkflowResult(wf.name(), outcome, reason, done, wroteReport ? reportFile : null,
                    Duration.ofNanos(System.nanoTime() - start), firstSection, text.toString());
        }
    }

    /** Default budget of what a step after the first receives, in tokens. */
    public static final int DEFAULT_INPUT_TOKENS = 8000;

    private record StepOutcome(List<WorkflowResult.AgentResult> agents, List<Output> outputs, String failure,
                               RunResult.Outcome failedOutcome) {
        static StepOutcome failed(String why, RunResult.Outcome outcome, List<Output> outputs) {
            return new StepOutcome(List.of(), outputs, why, outcome);
        }
    }

    /** {@code {{input}}} replaced in every string of the arguments. */
    static JsonObject substitute(JsonObject args, String input) {
        return (JsonObject) substitute((JsonValue) args, input);
    }

    private static JsonValue substitute(JsonValue v, String input) {
        return switch (v) {
            case JsonString s -> s.value().contains("{{input}}") ? new JsonString(s.value().replace("{{input}}", input)) : s;
            case JsonObject o -> {
                Map<String, JsonValue> m = new LinkedHashMap<>();
                o.fields().forEach((k, x) -> m.put(k, substitute(x, input)));
                yield new JsonObject(m);
            }
            case JsonArray a -> {
                List<JsonValue> l = new ArrayList<>();
                for (JsonValue x : a.items()) l.add(substitute(x, input));
                yield new JsonArray(l);
            }
            default -> v;
        };
    }
}
