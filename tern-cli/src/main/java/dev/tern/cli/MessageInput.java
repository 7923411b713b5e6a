package dev.tern.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The message of {@code tern run}: the arguments, joined; {@code -} reads it from stdin; with no
 * arguments, piped input is the message ({@code echo "hi" | tern run}). Stdin is never read when
 * arguments are given (a CI job's open stdin must not hang a run).
 */
final class MessageInput {

    private MessageInput() { }

    /**
     * @param stdinIsTerminal true when stdin is a terminal (nothing is piped)
     * @throws IllegalArgumentException with a one-line usage reason when there is no message
     */
    static String resolve(List<String> args, InputStream stdin, boolean stdinIsTerminal) throws IOException {
        boolean none = args == null || args.isEmpty();
        boolean dash = !none && args.size() == 1 && args.getFirst().equals("-");
        if (!none && !dash) return String.join(" ", args);
        if (none && stdinIsTerminal) throw new IllegalArgumentException("no message: give it as arguments, or '-' to read it from stdin");
        String text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) throw new IllegalArgumentException("no message: stdin was empty");
        return text;
    }

    /** Whether stdin is a terminal: {@code System.console()} (JDK 22+: {@code Console.isTerminal()}). */
    static boolean stdinIsTerminal() {
        java.io.Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // before JDK 22 a console exists only on a terminal
        }
    }
}
