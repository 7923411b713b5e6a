package dev.tern.channels;

import java.net.http.WebSocket;
import java.time.Duration;

/**
 * The receiving side of a channel (Slack, Discord, Matrix): the virtual thread that connects and reads or polls, the
 * WebSocket open now if the protocol has one, and stopping both, from {@link Channel#close()} or when the server refused
 * the channel.
 */
public final class ReceiveLoop {

    private volatile boolean running;
    private volatile WebSocket socket;
    private Thread thread;

    /** Starts {@code body} on a virtual thread named {@code name}; false when it runs already. */
    public synchronized boolean start(String name, Runnable body) {
        if (running) return false;
        running = true;
        thread = Thread.ofVirtual().name(name).start(body);
        return true;
    }

    public boolean running() { return running; }

    /** Stops for good (a refused token): the loop ends at its next check. */
    public void stop() { running = false; }

    /** Waits {@code d} before connecting again (unless closed meanwhile); returns the next wait. */
    public Duration pause(Duration d) { return Backoff.pause(d, this::stop); }

    /** The connection the loop reads now (aborted by {@link #close()}), or null between connections. */
    public void connected(WebSocket ws) { socket = ws; }

    /** Stops the loop and aborts its connection; idempotent. */
    public synchronized void close() {
        running = false;
        WebSocket ws = socket;
        if (ws != null) ws.abort();
        if (thread != null) thread.interrupt();
    }
}
