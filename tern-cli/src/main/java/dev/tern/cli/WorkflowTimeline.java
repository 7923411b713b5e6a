package dev.tern.cli;

import dev.tern.orchestration.workflow.WorkflowEvent;
import dev.tern.orchestration.workflow.WorkflowListener;
import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import java.io.PrintStream;

/**
 * A workflow drawn as a text Gantt chart: each agent's model calls ({@code =}), each tool call
 * ({@code #} executed, {@code .} served from the shared cache or coalesced), and the moment each report
 * section reached stdout ({@code |}). The bookkeeping is {@link Timeline}'s, with every bar labelled by its agent.
 */
final class WorkflowTimeline implements AgentListener, WorkflowListener {

    private final Timeline timeline = new Timeline(true);

    @Override
    public void onEvent(AgentEvent e) { timeline.onEvent(e); }

    @Override
    public void onEvent(WorkflowEvent e) {
        if (e instanceof WorkflowEvent.SectionEmitted s) timeline.moment("section " + (s.index() + 1) + " \"" + s.title() + "\" on stdout");
    }

    void print(PrintStream out, int width) {
        if (timeline.spans().isEmpty()) return;
        timeline.draw(out, 44, Math.max(20, width - 54));
        out.println("legend: = model call, # tool executed, . tool result from the shared cache, | section printed (time since start)");
    }
}
