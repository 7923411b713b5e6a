package dev.tern.cli;

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
 * Records when each model call and tool call ran, and draws it as a text Gantt chart with the wall
 * time next to the time the same work would take one step after the other. Calls are keyed by run, so
 * the runs of several agents sharing one timeline (a workflow) never mix their call ids.
 */
public final class Timeline implements AgentListener {

    /**
     * One bar of the chart, in nanoseconds since the timeline started; {@code mark} draws it: {@code =} model call,
     * {@code #} tool executed, {@code .} tool result from the shared cache or coalesced, {@code |} a moment.
     */
    public record Span(String label, long start, long end, char mark) {
        long length() { return end - start; }

        boolean moment() { return mark == '|'; }
    }

    private final long origin = System.nanoTime();
    private final boolean agentNames;
    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final Map<String, Long> open = new ConcurrentHashMap<>();
    private final Map<String, String> arguments = new ConcurrentHashMap<>(); // per open tool call: " {abbreviated json}" or ""

    /** A timeline of one agent's run: tool bars show their arguments. */
    public Timeline() { this(false); }

    /** @param agentNames label every bar with its agent (several agents share the chart) instead of tool arguments */
    Timeline(boolean agentNames) { this.agentNames = agentNames; }

    @Override
    public void onEvent(AgentEvent e) {
        long now = System.nanoTime() - origin;
        switch (e) {
            case AgentEvent.ModelRequested r -> open.put("m" + r.runId() + "#" + r.iteration(), now);
            case AgentEvent.ModelResponded r -> {
                Long s = open.remove("m" + r.runId() + "#" + r.iteration());
                if (s != null) spans.add(new Span(who(r.agent()) + "model call " + r.iteration(), s, now, '='));
            }
            case AgentEvent.ToolStarted t -> {
                String k = "t" + t.runId() + "#" + t.callId();
                open.put(k, now);
                arguments.put(k, agentNames ? "" : " " + Progress.abbreviate(t.argumentsJson(), 28));
            }
            case AgentEvent.ToolFinished f -> {
                String k = "t" + f.runId() + "#" + f.callId();
                Long s = open.remove(k);
                if (s == null) return;
                String args = arguments.remove(k);
                String name = who(f.agent()) + f.tool();
                String tail = args == null ? "" : args;
                spans.add(switch (f.source()) { // how the result came is said before the arguments, which get cut
                    case EXECUTED -> new Span(name + tail, s, now, '#');
                    case CACHED -> new Span(name + " (cache)" + tail, s, now, '.');
                    case COALESCED -> new Span(name + " (shared)" + tail, s, now, '.');
                    default -> new Span(name + " (" + f.source().name().toLowerCase(Locale.ROOT) + ")" + tail, s, now, '#'); // denied, invalid, cancelled
                });
            }
            default -> { }
        }
    }

    /** A moment worth seeing against the calls (a report section reaching stdout). */
    void moment(String label) {
        long now = System.nanoTime() - origin;
        spans.add(new Span(label, now, now, '|'));
    }

    private String who(String agent) {
        if (!agentNames) return "";
        return (agent.startsWith("workflow:") ? "gather" : agent) + " ";
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

    /** The time the same calls take one after the other, in ns. */
    public long sequential() {
        long sum = 0;
        for (Span s : spans) sum += s.length();
        return sum;
    }

    public void print(PrintStream out, int width) {
        if (spans.isEmpty()) {
            out.println("(no model or tool calls recorded)");
            return;
        }
        draw(out, 40, Math.max(20, width - 62));
        double w = wall() / 1e9, seq = sequential() / 1e9;
        out.printf(Locale.ROOT, "%nwall time %.2fs; the same calls one after the other: %.2fs (%.1fx faster)%n", w, seq, seq / Math.max(w, 1e-9));
        out.println(spans.stream().anyMatch(s -> s.mark() == '.')
                ? "legend: = model call, # tool call, . tool result from the shared cache" : "legend: = model call, # tool call");
    }

    /** The chart: a header with the total, one row per span in start order; a moment's row shows its time since the start. */
    void draw(PrintStream out, int labelWidth, int bar) {
        List<Span> sorted = new ArrayList<>(spans);
        if (sorted.isEmpty()) return;
        sorted.sort((x, y) -> Long.compare(x.start(), y.start()));
        long t0 = sorted.getFirst().start();
        long total = Math.max(1, wall());
        out.printf(Locale.ROOT, "%-" + labelWidth + "s 0%s%5.2fs%n", "timeline", " ".repeat(bar - 6), total / 1e9);
        for (Span s : sorted) {
            int from = Math.min(bar - 1, (int) Math.round((double) (s.start() - t0) / total * bar));
            int len = Math.min(bar - from, Math.max(1, (int) Math.round((double) s.length() / total * bar)));
            String label = s.label().length() > labelWidth ? s.label().substring(0, labelWidth - 1) + "…" : s.label();
            out.printf(Locale.ROOT, "%-" + labelWidth + "s %s%s%s %6.2fs%n", label, " ".repeat(from), String.valueOf(s.mark()).repeat(len),
                    " ".repeat(bar - from - len), (s.moment() ? s.start() - t0 : s.length()) / 1e9);
        }
    }
}
