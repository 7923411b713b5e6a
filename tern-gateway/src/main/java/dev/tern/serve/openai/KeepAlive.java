package dev.tern.serve.openai;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The clock of every open stream's silence: one daemon thread looks at the open {@link ChunkStream}s a few
 * times per interval and nudges those silent for a whole interval (the stream then starts, or sends a
 * {@code : keep-alive} comment). A stream's writer thus waits without a timer of its own: no timed park per
 * batch, no writer thread at all for a turn that is still queued for its model call.
 */
public final class KeepAlive implements AutoCloseable {

    private final Duration interval;
    private final Set<ChunkStream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;

    /** @param interval the longest silence of a stream */
    public KeepAlive(Duration interval) {
        this.interval = interval;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tern-sse-keep-alive");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(10, interval.toMillis() / 4);
        ticker.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    public Duration interval() { return interval; }

    void add(ChunkStream s) { streams.add(s); }

    void remove(ChunkStream s) { streams.remove(s); }

    /** Streams open now. */
    public int open() { return streams.size(); }

    private void tick() {
        long now = System.nanoTime();
        for (ChunkStream s : streams) s.tick(now);
    }

    @Override
    public void close() { ticker.shutdownNow(); }
}
