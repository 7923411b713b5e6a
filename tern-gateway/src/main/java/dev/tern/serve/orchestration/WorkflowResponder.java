package dev.tern.serve.orchestration;

import dev.tern.model.AssistantMessage;
import dev.tern.model.Message;
import dev.tern.model.Usage;
import dev.tern.model.UserMessage;
import dev.tern.orchestration.workflow.WorkflowResult;
import dev.tern.orchestration.workflow.WorkflowRunner;
import dev.tern.orchestration.workflow.WorkflowSetupException;
import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import dev.tern.run.RunResult;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.serve.turn.MainAgentSource;
import dev.tern.serve.turn.Responder;
import dev.tern.serve.turn.Turn;
import dev.tern.store.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One workflow ({@code tern:workflow/<name>}): the request's message is its input, the report its answer. The
 * run is announced as one run of its own (so a stream carries the report's sections, as they complete, as
 * the answer's text, and a trace has one {@code invoke_agent} over the workflow's agents). With a session,
 * the input and the report are appended to it. Client tools are not offered to workflows.
 */
record WorkflowResponder(String name, String about) implements Responder {

    @Override public String model() { return MainAgentSource.WORKFLOW_PREFIX + name; }

    @Override public String description() { return about == null || about.isBlank() ? "workflow " + name : about; }

    @Override public boolean clientTools() { return false; }

    @Override
    public RunResult answer(WorkspaceRuntime space, Turn turn) {
        if (turn.input() == null) throw new IllegalArgumentException("a workflow takes a user message, not tool results");
        String runId = "wf-" + UUID.randomUUID();
        String agent = "workflow:" + name;
        AtomicBoolean streamed = new AtomicBoolean();
        emit(turn, new AgentEvent.RunStarted(runId, agent, turn.input()));
        WorkflowResult w;
        try {
            w = space.orchestration().workflow(name, turn.input(), new WorkflowRunner.Options(turn.listeners(), null,
                    (index, sections, title, text) -> {
                        streamed.set(true);
                        emit(turn, new AgentEvent.TextDelta(runId, agent, (index == 0 ? "" : "\n\n") + (title == null || title.isBlank()
                                ? "" : "## " + title + "\n\n") + text));
                    }, turn.cancellation(), null));
        } catch (WorkflowSetupException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (!streamed.get() && w.text() != null && !w.text().isEmpty()) emit(turn, new AgentEvent.TextDelta(runId, agent, w.text()));
        RunResult r = result(w, turn.input());
        if (turn.sessionKey() != null) {
            Session s = space.sessions().open(turn.sessionKey());
            s.append(new UserMessage(turn.input()));
            if (!r.text().isEmpty()) s.append(AssistantMessage.ofText(r.text()));
        }
        emit(turn, new AgentEvent.RunFinished(runId, agent, r));
        return r;
    }

    private static RunResult result(WorkflowResult w, String input) {
        Usage usage = Usage.ZERO;
        double cost = 0;
        int iterations = 0, tools = 0;
        for (WorkflowResult.StepResult s : w.steps()) {
            for (WorkflowResult.AgentResult a : s.agents()) {
                usage = usage.plus(a.result().usage());
                cost += a.result().costUsd();
                iterations += a.result().iterations();
                tools += a.result().toolCalls();
            }
        }
        String text = w.text() == null ? "" : w.text();
        List<Message> added = new ArrayList<>(List.of(new UserMessage(input)));
        if (!text.isEmpty()) added.add(AssistantMessage.ofText(text));
        RunResult.Outcome o = switch (w.outcome()) {
            case COMPLETED -> RunResult.Outcome.COMPLETED;
            case FAILED -> RunResult.Outcome.FAILED;
            case LIMIT -> RunResult.Outcome.MAX_ITERATIONS;
            case CANCELLED -> RunResult.Outcome.CANCELLED;
        };
        return new RunResult(text, added, usage, cost, iterations, tools, w.wall(), o, w.reason());
    }

    private static void emit(Turn turn, AgentEvent e) {
        for (AgentListener l : turn.listeners()) l.onEvent(e);
    }
}
