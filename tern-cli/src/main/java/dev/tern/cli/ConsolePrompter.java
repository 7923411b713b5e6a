package dev.tern.cli;

import dev.tern.workspace.permission.PermissionDecision;
import dev.tern.workspace.permission.PermissionPrompter;
import dev.tern.workspace.permission.PermissionRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Asks on the terminal: {@code allow exec "rm -rf build"? [y]es / [a]lways / [N]o}. Questions are
 * serialised by the permission interceptor; the progress line is cleared first.
 */
final class ConsolePrompter implements PermissionPrompter {

    private final Supplier<String> readLine;
    private final PrintStream err;

    ConsolePrompter(Supplier<String> readLine, PrintStream err) {
        this.readLine = readLine;
        this.err = err;
    }

    static ConsolePrompter ofReader(BufferedReader in, PrintStream err) {
        return new ConsolePrompter(() -> {
            try {
                return in.readLine();
            } catch (IOException e) {
                return null;
            }
        }, err);
    }

    @Override
    public PermissionDecision ask(PermissionRequest r) {
        err.print("\r\033[2K" + r.agent() + " wants to run " + r.tool() + ": " + r.summary()
                + "\n  allow? [y]es / [a]lways for " + r.tool() + " in this session / [N]o: ");
        err.flush();
        String answer = readLine.get();
        if (answer == null) return PermissionDecision.DENY;
        return switch (answer.strip().toLowerCase()) {
            case "y", "yes" -> PermissionDecision.ALLOW_ONCE;
            case "a", "always" -> PermissionDecision.ALLOW_ALWAYS;
            default -> PermissionDecision.DENY;
        };
    }
}
