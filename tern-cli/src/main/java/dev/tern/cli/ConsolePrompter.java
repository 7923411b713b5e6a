package dev.tern.cli;

import dev.tern.workspace.permission.PermissionDecision;
import dev.tern.workspace.permission.PermissionPrompter;
import dev.tern.workspace.permission.PermissionRequest;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Asks on the terminal: {@code main wants to run exec: run: rm -rf build / allow? [y]es / [a]lways / [N]o}.
 * Questions are serialised by the permission gate, which also emits the approval events that make the
 * progress display stop drawing over the question. Lines typed before the question are dropped; the
 * wait ends when the run is cancelled (the gate interrupts this thread), and then nothing is read.
 */
final class ConsolePrompter implements PermissionPrompter {

    private final LineSource lines;
    private final PrintStream out;
    private final boolean terminal;

    /**
     * @param terminal clear the line first (a terminal); false for plain streams
     */
    ConsolePrompter(LineSource lines, PrintStream out, boolean terminal) {
        this.lines = lines;
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public PermissionDecision ask(PermissionRequest r) throws InterruptedException {
        lines.discardPending();
        out.print((terminal ? "\r\033[2K" : "") + r.agent() + " wants to run " + r.tool() + ": " + r.summary()
                + "\n  allow? [y]es / [a]lways for " + r.tool() + " in this session / [N]o: ");
        out.flush();
        String answer;
        try {
            answer = lines.next();
        } catch (InterruptedException e) {
            out.println();
            out.println("  (question withdrawn: the run was cancelled)");
            throw e;
        }
        if (answer == null) {
            out.println();
            return PermissionDecision.DENY;
        }
        return parse(answer);
    }

    static PermissionDecision parse(String answer) {
        return switch (answer.strip().toLowerCase(Locale.ROOT)) {
            case "y", "yes" -> PermissionDecision.ALLOW_ONCE;
            case "a", "always" -> PermissionDecision.ALLOW_ALWAYS;
            default -> PermissionDecision.DENY;
        };
    }
}
