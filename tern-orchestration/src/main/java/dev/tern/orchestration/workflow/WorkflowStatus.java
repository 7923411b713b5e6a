package dev.tern.orchestration.workflow;

import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state a workflow's status line shows (Navam #4): the step, the agents running, the tools in flight
 * with their elapsed time, and the estimated time left from earlier runs of the same steps. Fed by both
 * event streams; {@link #line} renders it at any moment, so a front-end redraws it on a timer and is
 * never silent. Thread-safe.
 */
public final class WorkflowStatus implements AgentListener, WorkflowListener {

    private record Tool(String name, long since) { }

    private final Map<String, String> agents = new LinkedHashMap<>();
    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private String workflow = "";
    private int step = -1;
    private int steps;
    private String label = "";
    private long stepSince;
    private final long start;
    private final java.util.function.LongSupplier clock;
    private Eta eta;
    private int sectionsDone;
    private int sections;
    private boolean finished;

    public WorkflowStatus() { this(System::nanoTime); }

    /** @param clock the time events are stamped with ({@link System#nanoTime()}'s scale) */
    WorkflowStatus(java.util.function.LongSupplier clock) {
        this.clock = clock;
        this.start = clock.getAsLong();
        this.stepSince = start;
    }

    @Override
    public synchronized void onEvent(WorkflowEvent e) {
        switch (e) {
            case WorkflowEvent.Started s -> {
                workflow = s.workflow();
                eta = s.eta();
            }
            case WorkflowEvent.StepStarted s -> {
                step = s.index();
                steps = s.steps();
                label = s.label();
                stepSince = clock.getAsLong();
            }
            case WorkflowEvent.SectionEmitted s -> {
                sectionsDone = s.index() + 1;
                sections = s.sections();
            }
            case WorkflowEvent.Finished f -> finished = true;
            default -> { }
        }
    }

    @Override
    public synchronized void onEvent(AgentEvent e) {
        switch (e) {
            case AgentEvent.RunStarted r -> agents.put(r.runId(), r.agent());
            case AgentEvent.RunFinished r -> agents.remove(r.runId());
            case AgentEvent.RunFailed r -> agents.remove(r.runId());
            case AgentEvent.ToolStarted t -> tools.put(t.callId() + "@" + t.runId(), new Tool(t.tool(), clock.getAsLong()));
            case AgentEvent.ToolFinished t -> tools.remove(t.callId() + "@" + t.runId());
            default -> { }
        }
    }

    /** The estimated time left now, or null when no earlier run is known. */
    public synchronized Duration remaining(long now) {
        if (eta == null || step < 0 || finished) return null;
        return eta.remaining(step, Duration.ofNanos(now - stepSince));
    }

    /** The status line at {@code now} ({@link System#nanoTime()}). */
    public synchronized String line(long now) {
        if (step < 0) return workflow.isEmpty() ? "" : "[" + workflow + "] starting";
        StringBuilder b = new StringBuilder();
        b.append('[').append(workflow).append("] ");
        b.append(step == 0 ? "gather" : "step " + step + "/" + steps).append(' ').append(label);
        b.append(' ').append(secs(now - stepSince));
        if (sections > 0 && label.startsWith("report")) b.append(", ").append(sectionsDone).append('/').append(sections).append(" sections");
        List<String> running = new ArrayList<>();
        for (String a : agents.values()) if (!a.startsWith("workflow:") && !running.contains(a)) running.add(a);
        if (!running.isEmpty()) b.append(" · running ").append(String.join(", ", running));
        if (!tools.isEmpty()) {
            b.append(" · tools ");
            int n = 0;
            for (Tool t : tools.values()) {
                if (n++ == 3) {
                    b.append(" +").append(tools.size() - 3);
                    break;
                }
                b.append(n > 1 ? ", " : "").append(t.name()).append(' ').append(secs(now - t.since()));
            }
        }
        Duration left = remaining(now);
        b.append(" · ").append(left == null ? "elapsed " + secs(now - start) : "ETA " + secs(left.toNanos()));
        return b.toString();
    }

    static String secs(long nanos) { return String.format(Locale.ROOT, "%.1fs", nanos / 1e9); }
}
