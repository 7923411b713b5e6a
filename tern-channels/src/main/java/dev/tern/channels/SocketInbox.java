package dev.tern.channels;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One WebSocket connection of a channel, read in order on the channel's own thread: {@link #next} gives each whole text
 * frame, and null once the connection is over: closed by either side, failed, or dead. A connection that has been quiet
 * for {@code quiet} is pinged, as the platforms' own SDKs do, and one that leaves the ping unanswered as long again is
 * given up: a connection a NAT or a proxy dropped without a word would otherwise be waited on for ever.
 */
public final class SocketInbox {

    private static final Logger LOG = Logger.getLogger(SocketInbox.class.getName());
    private static final String CLOSED = "\u0000closed";
    private static final String ALIVE = "\u0000alive";

    private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private final Duration quiet;
    private final String name;
    private WebSocket ws;
    private long heard = System.nanoTime();
    private long pinged;
    private boolean over;
    private volatile int closeCode = -1;
    private volatile String closeReason = "";

    private SocketInbox(Duration quiet, String name) {
        this.quiet = quiet;
        this.name = name;
    }

    /**
     * Connects (waiting at most 10 s).
     *
     * @param quiet how long a connection may stay quiet before it is pinged, or null for a protocol with its own
     *              liveness check (Discord's heartbeats)
     * @param name  the channel's name, for log lines
     * @throws java.util.concurrent.CompletionException when the connection cannot be made
     */
    public static SocketInbox open(HttpClient http, URI url, Duration quiet, String name) {
        SocketInbox in = new SocketInbox(quiet, name);
        in.ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(url, in.new Reader()).join();
        return in;
    }

    public WebSocket socket() { return ws; }

    /** Sends a whole text frame; from any thread, one send at a time as the JDK's WebSocket requires. */
    public synchronized void send(String text) { ws.sendText(text, true).join(); }

    /** The close code the other side sent (-1: none, the connection failed or went quiet), once {@link #next} gave null. */
    public int closeCode() { return closeCode; }

    public String closeReason() { return closeReason; }

    /** The next text frame, or null when the connection is over or {@code loop} stopped. */
    public String next(ReceiveLoop loop) throws InterruptedException {
        while (!over && loop.running()) {
            String text = poll(1000);
            if (text != null) return text;
        }
        return null;
    }

    /**
     * A text frame that arrives within {@code waitMillis}, or null: none came yet, or the connection is over
     * ({@link #over}). For a protocol that keeps its own clock (Discord's heartbeats) between frames.
     */
    public String poll(long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        long step = quiet == null ? 1000 : Math.min(1000, Math.max(10, quiet.toMillis() / 4));
        while (!over) {
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            String text = inbox.poll(Math.min(left, step), TimeUnit.MILLISECONDS);
            long now = System.nanoTime();
            if (text == null) {
                checkAlive(now);
                if (now - deadline >= 0) return null;
                continue;
            }
            if (text == CLOSED) {
                over = true;
                continue;
            }
            heard = now;
            pinged = 0;
            if (text != ALIVE) return text;
        }
        return null;
    }

    /** Whether the connection is over: closed by either side, failed, or given up as dead. */
    public boolean over() { return over; }

    /** Pings a connection quiet for {@code quiet}; gives it up when the ping went unanswered as long again. */
    private void checkAlive(long now) {
        if (quiet == null) return;
        long quietNanos = quiet.toNanos();
        if (pinged != 0 && now - pinged > quietNanos) {
            LOG.warning(name + ": no answer to a ping within " + quiet.toMillis() + " ms; connecting again");
            over = true;
        } else if (pinged == 0 && now - heard > quietNanos) {
            synchronized (this) {
                ws.sendPing(ByteBuffer.allocate(0)).join();
            }
            pinged = now;
        }
    }

    /** Ends the connection without a close handshake. */
    public void abort() { ws.abort(); }

    /** Puts each whole text frame into the inbox; pings and pongs as signs of life; the end as {@link #CLOSED}. */
    private final class Reader implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                inbox.add(partial.toString());
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket w, ByteBuffer message) {
            inbox.add(ALIVE);   // the JDK answers the ping itself
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket w, ByteBuffer message) {
            inbox.add(ALIVE);
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
            closeCode = statusCode;
            closeReason = reason == null ? "" : reason;
            inbox.add(CLOSED);
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            LOG.fine(name + ": the connection failed: " + error);
            inbox.add(CLOSED);
        }
    }
}
