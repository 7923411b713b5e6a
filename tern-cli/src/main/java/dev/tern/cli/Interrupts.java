package dev.tern.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C (SIGINT) in {@code tern run}: the first one cancels the run's token (the model call, tool or
 * MCP call in progress is cut, the run ends as CANCELLED, everything said so far stays in the session,
 * and the command prints "cancelled" and exits 130); a second one, or one while nothing cancellable
 * runs, exits 130 at once. Uses the JDK's {@code sun.misc.Signal} (module jdk.unsupported); where it
 * is missing, the JVM's default handling applies.
 */
final class Interrupts {

    static final int EXIT_CODE = 130;

    private final AtomicReference<Runnable> onInterrupt = new AtomicReference<>();
    private final AtomicInteger count = new AtomicInteger();
    private final PrintStream err;

    private Interrupts(PrintStream err) { this.err = err; }

    /** Installs the SIGINT handler for this process. */
    static Interrupts install(PrintStream err) {
        Interrupts i = new Interrupts(err);
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), new Handler(i));
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // no signal support here (or the JVM was started with -Xrs): the default applies
        }
        return i;
    }

    /**
     * The handler as a class, not a lambda: the training run never installs one, so a lambda's call site was linked
     * at every start, spinning its classes before the first request (~4 ms of the main thread).
     */
    private static final class Handler implements sun.misc.SignalHandler {
        private final Interrupts interrupts;

        Handler(Interrupts interrupts) { this.interrupts = interrupts; }

        @Override
        public void handle(sun.misc.Signal signal) { interrupts.interrupted(); }
    }

    /** A handler that is never installed (tests in one JVM, the demo). */
    static Interrupts none(PrintStream err) { return new Interrupts(err); }

    /** What the next Ctrl-C does while it is set; null: exit at once. */
    void onInterrupt(Runnable action) { onInterrupt.set(action); }

    void interrupted() {
        Runnable action = onInterrupt.get();
        if (count.incrementAndGet() > 1 || action == null) {
            err.println();
            err.println("tern: cancelled");
            err.flush();
            System.exit(EXIT_CODE);
        }
        action.run();
    }
}
