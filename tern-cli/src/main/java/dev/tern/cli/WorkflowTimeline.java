package dev.tern.cli;

import dev.tern.orchestration.workflow.WorkflowEvent;
import dev.tern.orchestration.workflow.WorkflowListener;
import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A workflow drawn as a text Gantt chart: each agent's model calls ({@code =}), each tool call
 * ({@code #} executed, {@code .} served from the shared cache or coalesced), and the moment each report
 * section reached stdout ({@code |}).
 */
final class WorkflowTimeline implements AgentListener, WorkflowListener {

    record Span(String label, long start, long end, char mark) { }

    private final long origin = System.nanoTime();
    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final Map<String, Long> open = new ConcurrentHashMap<>();
    private final Map<String, String> labels = new ConcurrentHashMap<>();

    @Override
    public void onEvent(AgentEvent e) {
        long now = System.nanoTime() - origin;
        switch (e) {
            case AgentEvent.ModelRequested r -> open.put("m" + r.runId() + "#" + r.iteration(), now);
            case AgentEvent.ModelResponded r -> {
                Long s = open.remove("m" + r.runId() + "#" + r.iteration());
                if (s != null) spans.add(new Span(who(r.agent()) + " model call " + r.iteration(), s, now, '='));
            }
            case AgentEvent.ToolStarted t -> {
                open.put("t" + t.runId() + "#" + t.callId(), now);
                labels.put("t" + t.runId() + "#" + t.callId(), who(t.agent()) + " " + t.tool());
            }
            case AgentEvent.ToolFinished f -> {
                String k = "t" + f.runId() + "#" + f.callId();
                Long s = open.remove(k);
                if (s == null) return;
                boolean executed = f.source() == AgentEvent.ToolSource.EXECUTED;
                spans.add(new Span(labels.getOrDefault(k, f.tool()) + (executed ? "" : f.source() == AgentEvent.ToolSource.CACHED
                        ? " (cache)" : " (shared)"), s, now, executed ? '#' : '.'));
            }
            default -> { }
        }
    }

    @Override
    public void onEvent(WorkflowEvent e) {
        if (e instanceof WorkflowEvent.SectionEmitted s) {
            long now = System.nanoTime() - origin;
            spans.add(new Span("section " + (s.index() + 1) + " \"" + s.title() + "\" on stdout", now, now, '|'));
        }
    }

    private static String who(String agent) { return agent.startsWith("workflow:") ? "gather" : agent; }

    void print(PrintStream out, int width) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort((x, y) -> Long.compare(x.start(), y.start()));
        if (sorted.isEmpty()) return;
        long t0 = sorted.getFirst().start(), t1 = 0;
        for (Span s : sorted) t1 = Math.max(t1, s.end());
        long total = Math.max(1, t1 - t0);
        int labelWidth = 44;
        int bar = Math.max(20, width - labelWidth - 10);
        out.printf(Locale.ROOT, "%-" + labelWidth + "s 0%s%5.2fs%n", "timeline", " ".repeat(bar - 6), total / 1e9);
        for (Span s : sorted) {
            int from = Math.min(bar - 1, (int) Math.round((double) (s.start() - t0) / total * bar));
            int len = Math.min(bar - from, Math.max(1, (int) Math.round((double) (s.end() - s.start()) / total * bar)));
            String label = s.label().length() > labelWidth ? s.label().substring(0, labelWidth - 1) + "…" : s.label();
            out.printf(Locale.ROOT, "%-" + labelWidth + "s %s%s%s %6.2fs%n", label, " ".repeat(from), String.valueOf(s.mark()).repeat(len),
                    " ".repeat(bar - from - len), (s.mark() == '|' ? s.start() - t0 : s.end() - s.start()) / 1e9);
        }
        out.println("legend: = model call, # tool executed, . tool result from the shared cache, | section printed (time since start)");
    }
}
