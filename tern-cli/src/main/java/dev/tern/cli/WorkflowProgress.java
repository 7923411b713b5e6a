package dev.tern.cli;

import dev.tern.orchestration.workflow.WorkflowEvent;
import dev.tern.orchestration.workflow.WorkflowListener;
import dev.tern.orchestration.workflow.WorkflowStatus;
import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A workflow's progress on stderr: one line per step, section and notable event (agent lines come from
 * {@link Progress}), and the status from {@link WorkflowStatus} (step, agents running, tools in flight,
 * ETA): redrawn every 100 ms on a terminal, otherwise printed whenever two seconds pass without a line,
 * so there is never a silent gap.
 */
final class WorkflowProgress implements AgentListener, WorkflowListener, AutoCloseable {

    static final long HEARTBEAT_NANOS = Duration.ofSeconds(2).toNanos();

    private final PrintStream err;
    private final boolean live;
    private final Progress agents;
    private final WorkflowStatus status = new WorkflowStatus();
    private final long start = System.nanoTime();
    private volatile long lastLine = System.nanoTime();
    private boolean atLineStart = true;
    private final Thread ticker;

    WorkflowProgress(PrintStream err, boolean live) {
        this.err = err;
        this.live = live;
        this.agents = new Progress(new PrintStream(new LineTap(err, this), true, java.nio.charset.StandardCharsets.UTF_8), false);
        this.ticker = Thread.ofVirtual().name("workflow-progress").start(this::tick);
    }

    WorkflowStatus status() { return status; }

    @Override
    public void onEvent(AgentEvent e) {
        status.onEvent(e);
        agents.onEvent(e);
    }

    @Override
    public void onEvent(WorkflowEvent e) {
        status.onEvent(e);
        switch (e) {
            case WorkflowEvent.Started s -> line("workflow " + s.workflow() + ": " + s.steps().size() + " steps"
                    + (s.eta().known() ? ", about " + secs(s.eta().remaining(0, Duration.ZERO)) + " from earlier runs" : ""));
            case WorkflowEvent.StepStarted s -> line((s.index() == 0 ? "gather" : "step " + s.index() + "/" + s.steps()) + ": " + s.label());
            case WorkflowEvent.StepFinished s -> line((s.index() == 0 ? "gather" : "step " + s.index()) + (s.ok() ? " done in " : " failed after ")
                    + secs(s.elapsed()));
            case WorkflowEvent.SectionEmitted s -> line("section " + (s.index() + 1) + "/" + s.sections() + " \"" + s.title()
                    + "\" on stdout at " + secs(s.sinceStart()) + " (" + s.chars() + " chars, " + ms(s.afterModel()) + " after its model call)");
            case WorkflowEvent.Notice n -> line(n.text());
            case WorkflowEvent.Finished f -> line("workflow " + f.result().outcome().name().toLowerCase(Locale.ROOT) + " in "
                    + secs(f.result().wall()) + (f.result().firstSection() == null ? "" : ", first section at " + secs(f.result().firstSection())));
        }
    }

    private synchronized void line(String s) {
        if (live) err.print("\r\033[2K");
        err.printf(Locale.ROOT, "[%6.2fs] %s%n", (System.nanoTime() - start) / 1e9, s);
        err.flush();
        lastLine = System.nanoTime();
    }

    /** Called by the tap when the agent renderer printed a line. */
    void printed() { lastLine = System.nanoTime(); }

    private void tick() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(live ? 100 : 250);
                long now = System.nanoTime();
                String s = status.line(now);
                if (s.isEmpty()) continue;
                synchronized (this) {
                    if (live) {
                        if (!atLineStart) continue;
                        err.print("\r\033[2K" + s);
                        err.flush();
                    } else if (now - lastLine >= HEARTBEAT_NANOS) {
                        err.printf(Locale.ROOT, "[%6.2fs] … %s%n", (now - start) / 1e9, s);
                        err.flush();
                        lastLine = now;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String secs(Duration d) { return d == null ? "?" : String.format(Locale.ROOT, "%.2fs", d.toNanos() / 1e9); }

    static String ms(Duration d) { return d.toMillis() + " ms"; }

    @Override
    public void close() {
        ticker.interrupt();
        try {
            ticker.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (live) err.print("\r\033[2K");
            err.flush();
        }
        agents.close();
    }

    /** Passes the agent renderer's lines through, clearing the live status line first and noting the time. */
    private static final class LineTap extends java.io.OutputStream {
        private final PrintStream target;
        private final WorkflowProgress owner;

        LineTap(PrintStream target, WorkflowProgress owner) {
            this.target = target;
            this.owner = owner;
        }

        @Override
        public void write(int b) { write(new byte[] {(byte) b}, 0, 1); }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (owner) {
                if (len == 0) return;
                if (owner.live && owner.atLineStart) target.print("\r\033[2K");
                target.write(b, off, len);
                owner.atLineStart = b[off + len - 1] == '\n';
                owner.printed();
            }
        }

        @Override
        public void flush() { target.flush(); }
    }
}
