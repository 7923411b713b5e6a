package dev.tern.cli;

import dev.tern.memory.tracker.Estimates;
import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live progress on stderr: what the run waits for and for how long. On a terminal a status line is
 * redrawn every 100 ms ("waiting for gpt-4o 1.4 s", "read_file, web_fetch ×3 running 0.3 s"); otherwise
 * one line per event, with elapsed times, so logs and CI show the same facts. Given what usually takes how long here
 * ({@link #usual}, from the performance tracker's files), a model wait shows its usual latency and the line the time
 * a run like this one usually has left ("~9.0s left of a usual 12s").
 */
public final class Progress implements AgentListener, AutoCloseable {

    private final PrintStream err;
    private final boolean live;
    private final boolean streamText;
    private boolean atLineStart = true;
    private final long start = System.nanoTime();
    private final Map<String, Running> tools = new ConcurrentHashMap<>();
    /** Runs whose current model call was answered from the response cache (its ModelResponded follows). */
    private final Map<String, AgentEvent.ModelCacheHit> cached = new ConcurrentHashMap<>();
    private volatile String modelWait;
    private volatile long modelSince;
    private volatile long tokensOut;
    private volatile String lastLine = "";
    private volatile Estimates usual = Estimates.NONE;
    /** The agent of the run's first model call: the run the status line estimates. */
    private volatile String runAgent;
    /** A human is being asked (approval): nothing is drawn over the question until it is answered. */
    private volatile boolean asking;
    private final Thread ticker;

    private record Running(String name, long since, String progress) { }

    public Progress(PrintStream err, boolean live) {
        this(err, live, false);
    }

    /**
     * @param out        where lines (and, with {@code streamText}, the answer text) go
     * @param live       redraw a status line every 100 ms (terminals only)
     * @param streamText print answer text as it streams (chat), instead of leaving it to the caller (run)
     */
    public Progress(PrintStream out, boolean live, boolean streamText) {
        this.err = out;
        this.live = live;
        this.streamText = streamText;
        this.ticker = live ? Thread.ofVirtual().name("progress").start(this::tick) : null;
    }

    /** What usually takes how long here; until it is given (it is read in the background), no estimate is shown. */
    public void usual(Estimates estimates) { usual = estimates == null ? Estimates.NONE : estimates; }

    @Override
    public void onEvent(AgentEvent e) {
        switch (e) {
            case AgentEvent.ModelRequested r -> {
                modelWait = r.model();
                modelSince = System.nanoTime();
                if (runAgent == null && r.agent() != null) {
                    runAgent = r.agent();
                    Duration run = usual.run(r.agent());
                    if (!live && run != null) line(prefix(r.agent()) + "runs of " + r.agent() + " usually take " + approx(run) + " here");
                }
                Duration call = usual.call(r.model());
                if (!live) line(prefix(r.agent()) + "model " + r.model() + " (call " + r.iteration() + ", " + r.messages() + " messages"
                        + (call == null ? "" : ", usually " + secs(call)) + ")");
            }
            case AgentEvent.ModelRetrying r -> line(prefix(r.agent()) + "retrying " + r.model() + " in " + secs(r.delay())
                    + " (attempt " + r.attempt() + "): " + r.reason());
            case AgentEvent.TextDelta d -> {
                tokensOut += Math.max(1, d.text().length() / 4);
                if (streamText && "main".equals(d.agent())) text(d.text());
            }
            case AgentEvent.ModelCacheHit h -> cached.put(h.runId(), h);
            case AgentEvent.ModelResponded r -> {
                modelWait = null;
                String tools = r.toolCalls() == 0 ? "final answer" : r.toolCalls() + " tool call" + (r.toolCalls() == 1 ? "" : "s");
                AgentEvent.ModelCacheHit hit = cached.remove(r.runId());
                if (hit != null) {
                    line(prefix(r.agent()) + "answer from " + (hit.coalesced() ? "an identical call in flight" : "the response cache")
                            + String.format(" (%s %.2f ms, saved %d tokens, $%.4f) -> ", hit.coalesced() ? "waited" : "lookup",
                            hit.lookup().toNanos() / 1e6, hit.savedTokens(), hit.savedUsd()) + tools);
                    return;
                }
                line(prefix(r.agent()) + "model answered in " + secs(r.elapsed())
                        + (r.firstToken() == null ? "" : " (first token " + secs(r.firstToken()) + ")")
                        + ", " + r.usage().totalInputTokens() + " in / " + r.usage().outputTokens() + " out tokens"
                        + (r.usage().cacheReadTokens() > 0 ? " (" + r.usage().cacheReadTokens() + " cached)" : "")
                        + " -> " + tools);
            }
            case AgentEvent.ToolStarted t -> {
                tools.put(t.callId(), new Running(t.tool(), System.nanoTime(), null));
                if (!live) line(prefix(t.agent()) + "  > " + t.tool() + " " + abbreviate(t.argumentsJson(), 80));
            }
            case AgentEvent.ToolProgress p -> tools.computeIfPresent(p.callId(), (k, r) -> new Running(r.name(), r.since(), p.message()));
            case AgentEvent.ToolFinished f -> {
                tools.remove(f.callId());
                String how = switch (f.source()) {
                    case CACHED -> " (cache hit)";
                    case COALESCED -> " (shared with an identical call)";
                    case DENIED -> " (denied)";
                    case INVALID -> " (invalid call)";
                    case CANCELLED -> " (cancelled)";
                    case EXECUTED -> "";
                };
                line(prefix(f.agent()) + "  " + (f.error() ? "x " : "ok ") + f.tool() + " " + secs(f.elapsed()) + how);
            }
            case AgentEvent.ApprovalRequested a -> {
                synchronized (this) {
                    asking = true;
                    if (live) {
                        err.print("\r\033[2K");
                        err.flush();
                    }
                }
            }
            case AgentEvent.ApprovalResolved a -> {
                synchronized (this) {
                    asking = false;
                    atLineStart = true;
                }
                line(prefix(a.agent()) + "  " + (a.approved() ? "approved " : "not approved ") + a.tool());
            }
            case AgentEvent.RunFailed f -> line(prefix(f.agent()) + "failed: " + f.reason());
            default -> { }
        }
    }

    private String prefix(String agent) {
        String t = String.format("[%6.2fs] ", (System.nanoTime() - start) / 1e9);
        return "main".equals(agent) || agent == null ? t : t + agent + ": ";
    }

    private synchronized void line(String s) {
        if (live && atLineStart && !asking) err.print("\r\033[2K");
        if (!atLineStart) err.println();
        err.println(s);
        atLineStart = true;
        if (live && !asking && !lastLine.isEmpty()) err.print(lastLine);
        err.flush();
    }

    /** A one-line message outside any run (e.g. "starting MCP server fs…"), with the elapsed time. */
    public void status(String message) { line(prefix(null) + message); }

    /** A log line (Tern's logging routed here while the status line is live, so it never tears it). */
    public void logLine(String message) { line(message); }

    private synchronized void text(String delta) {
        if (live && atLineStart) err.print("\r\033[2K");
        err.print(delta);
        atLineStart = delta.endsWith("\n");
        err.flush();
    }

    /** Ends a streamed answer with a newline, if it did not end with one. */
    public synchronized void endText() {
        if (!atLineStart) {
            err.println();
            atLineStart = true;
        }
        if (live) err.print("\r\033[2K");
        lastLine = "";
        err.flush();
    }

    private void tick() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(100);
                String status = status();
                synchronized (this) {
                    lastLine = status;
                    if (atLineStart && !asking) {
                        err.print("\r\033[2K" + status);
                        err.flush();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String status() {
        long now = System.nanoTime();
        if (!tools.isEmpty()) {
            StringBuilder b = new StringBuilder("  running ");
            long oldest = now;
            int n = 0;
            for (Running r : tools.values()) {
                if (n++ < 4) b.append(n > 1 ? ", " : "").append(r.name()).append(r.progress() == null ? "" : " (" + r.progress() + ")");
                oldest = Math.min(oldest, r.since());
            }
            if (n > 4) b.append(" +").append(n - 4).append(" more");
            return b.append("  ").append(secs(Duration.ofNanos(now - oldest))).append(left(now)).toString();
        }
        String m = modelWait;
        if (m != null) {
            Duration call = usual.call(m);
            return "  waiting for " + m + "  " + secs(Duration.ofNanos(now - modelSince)) + (call == null ? "" : " (usually " + secs(call) + ")")
                    + (tokensOut > 0 ? "  ~" + tokensOut + " tokens streamed" : "") + left(now);
        }
        return "";
    }

    /** What a run like this one usually has left, or that it has run past that; "" without a history. */
    private String left(long now) {
        Duration run = usual.run(runAgent);
        if (run == null) return "";
        Duration elapsed = Duration.ofNanos(now - start);
        return elapsed.compareTo(run) < 0 ? "  ~" + approx(run.minus(elapsed)) + " left of a usual " + approx(run)
                : "  past the usual " + approx(run);
    }

    /** Seconds with one decimal under 10 s, whole seconds above. */
    static String approx(Duration d) {
        double s = d.toMillis() / 1000.0;
        return s < 10 ? String.format("%.1fs", s) : Math.round(s) + "s";
    }

    static String secs(Duration d) { return String.format("%.2fs", d.toNanos() / 1e9); }

    static String abbreviate(String s, int max) {
        String one = s.replace('\n', ' ');
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.interrupt();
            synchronized (this) {
                err.print("\r\033[2K");
                err.flush();
            }
        }
    }
}
