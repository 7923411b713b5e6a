package dev.tern.cli;

import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records when each model call and tool call ran, and draws it as a text Gantt chart with the wall
 * time next to the time the same work would take one step after the other.
 */
public final class Timeline implements AgentListener {

    /** One bar of the chart, in nanoseconds since the timeline started. */
    public record Span(String label, long start, long end, boolean model) {
        long length() { return end - start; }
    }

    private final long origin = System.nanoTime();
    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final Map<String, Long> open = new ConcurrentHashMap<>();
    private final Map<String, String> labels = new ConcurrentHashMap<>();

    @Override
    public void onEvent(AgentEvent e) {
        long now = System.nanoTime() - origin;
        switch (e) {
            case AgentEvent.ModelRequested r -> open.put("model:" + r.runId() + ":" + r.iteration(), now);
            case AgentEvent.ModelResponded r -> {
                Long s = open.remove("model:" + r.runId() + ":" + r.iteration());
                if (s != null) spans.add(new Span("model call " + r.iteration(), s, now, true));
            }
            case AgentEvent.ToolStarted t -> {
                open.put("tool:" + t.callId(), now);
                labels.put(t.callId(), t.tool() + " " + Progress.abbreviate(t.argumentsJson(), 28));
            }
            case AgentEvent.ToolFinished f -> {
                Long s = open.remove("tool:" + f.callId());
                if (s != null) spans.add(new Span(labels.getOrDefault(f.callId(), f.tool()), s, now, false));
            }
            default -> { }
        }
    }

    public List<Span> spans() { return List.copyOf(spans); }

    /** Wall time from the first span's start to the last span's end, in ns. */
    public long wall() {
        long a = Long.MAX_VALUE, b = 0;
        for (Span s : spans) {
            a = Math.min(a, s.start());
            b = Math.max(b, s.end());
        }
        return spans.isEmpty() ? 0 : b - a;
    }

    /** The time the same work takes one call after the other, in ns. */
    public long sequential() {
        long sum = 0;
        for (Span s : spans) sum += s.length();
        return sum;
    }

    public void print(PrintStream out, int width) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort((x, y) -> Long.compare(x.start(), y.start()));
        if (sorted.isEmpty()) {
            out.println("(no model or tool calls recorded)");
            return;
        }
        long t0 = sorted.getFirst().start();
        long total = Math.max(1, wall());
        int labelWidth = 40;
        int bar = Math.max(20, width - labelWidth - 22);
        out.printf("%-" + labelWidth + "s %s%n", "timeline", "0" + " ".repeat(bar - 6) + String.format("%5.2fs", total / 1e9));
        for (Span s : sorted) {
            int from = (int) Math.round((double) (s.start() - t0) / total * bar);
            int len = Math.max(1, (int) Math.round((double) s.length() / total * bar));
            from = Math.min(from, bar - 1);
            len = Math.min(len, bar - from);
            String label = s.label().length() > labelWidth ? s.label().substring(0, labelWidth - 1) + "…" : s.label();
            out.printf("%-" + labelWidth + "s %s%s%s %6.2fs%n", label, " ".repeat(from), (s.model() ? "=" : "#").repeat(len),
                    " ".repeat(bar - from - len), s.length() / 1e9);
        }
        double w = wall() / 1e9, seq = sequential() / 1e9;
        out.printf("%nwall time %.2fs; the same calls one after the other: %.2fs (%.1fx faster)%n", w, seq, seq / Math.max(w, 1e-9));
        out.println("legend: = model call, # tool call");
    }
}
