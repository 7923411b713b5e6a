package dev.tern.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Reading a stream blocks a thread nobody can interrupt, so ONE daemon thread per process reads it
 * and feeds lines into a queue; {@link #next} waits on the queue, which an interrupt ends. A question
 * that was cancelled therefore never eats the answer to the next one.
 */
final class StdinLines implements LineSource {

    private final BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
    private volatile boolean ended;

    private StdinLines() { }

    /** Starts the reader thread on {@code in}. */
    static StdinLines start(InputStream in) {
        StdinLines s = new StdinLines();
        Thread t = new Thread(() -> s.pump(in), "stdin-lines");
        t.setDaemon(true);
        t.start();
        return s;
    }

    private void pump(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) lines.add(Optional.of(line));
        } catch (IOException e) {
            // end of input as far as the questions are concerned
        } finally {
            lines.add(Optional.empty());
        }
    }

    @Override
    public String next() throws InterruptedException {
        if (ended) return null;
        Optional<String> line = lines.take();
        if (line.isEmpty()) {
            ended = true;
            lines.add(line); // keep the end marker for whoever asks next
            return null;
        }
        return line.get();
    }

    /** Lines read and not yet taken. */
    int pending() {
        int n = 0;
        for (Optional<String> l : lines) if (l.isPresent()) n++;
        return n;
    }

    @Override
    public void discardPending() {
        Optional<String> head;
        while ((head = lines.peek()) != null && head.isPresent()) lines.poll();
    }
}
