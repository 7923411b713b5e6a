package dev.tern.cli;

import java.io.IOException;
import org.jline.utils.NonBlockingReader;

/**
 * Lines from the chat's terminal, read on the asking thread with short timeouts so an interrupt (Ctrl-C,
 * a cancelled turn) ends the wait; nothing keeps reading after the question is gone, so the REPL's
 * next prompt gets the next line.
 */
final class TerminalLines implements LineSource {

    private static final long POLL_MS = 50;

    private final NonBlockingReader reader;

    TerminalLines(NonBlockingReader reader) { this.reader = reader; }

    @Override
    public String next() throws InterruptedException {
        StringBuilder b = new StringBuilder();
        try {
            while (true) {
                if (Thread.interrupted()) throw new InterruptedException("the question was cancelled");
                int c = reader.read(POLL_MS);
                if (c == NonBlockingReader.READ_EXPIRED) continue;
                if (c < 0) return b.isEmpty() ? null : b.toString();
                if (c == '\n' || c == '\r') return b.toString();
                b.append((char) c);
            }
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void discardPending() {
        try {
            while (reader.peek(1) >= 0) reader.read(1);
        } catch (IOException e) {
            // nothing to drop
        }
    }
}
