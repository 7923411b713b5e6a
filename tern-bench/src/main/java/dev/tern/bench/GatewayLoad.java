package dev.tern.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The gateway bench's load: many requests at once on virtual threads, and its plain-socket streaming chat client. */
final class GatewayLoad {

    private GatewayLoad() { }

    /**
     * One side's round.
     *
     * @param firstTokenMicros per request: from its start to its first text (the first content delta the client
     *                         reads; the first TextDelta of the direct run)
     */
    record Load(long[] latenciesMicros, long[] firstTokenMicros, long cpuMillis, int errors, String firstError, long wallMs) {
        double p(double q) { return percentile(latenciesMicros, q); }

        double firstTokenP(double q) { return percentile(firstTokenMicros, q); }

        Load withCpu(long millis) { return new Load(latenciesMicros, firstTokenMicros, millis, errors, firstError, wallMs); }

        private static double percentile(long[] values, double q) {
            long[] s = values.clone();
            Arrays.sort(s);
            return s.length == 0 ? 0 : s[(int) Math.max(0, Math.min(s.length - 1, Math.ceil(q * s.length) - 1))] / 1000.0;
        }
    }

    /**
     * One streamed chat over a plain socket (HTTP/1.1, chunked SSE read to the end of the response, the
     * connection kept alive and reused as the SDKs' pools do): a load client that costs far less CPU than a
     * general HTTP client, since it shares the 2 cores with the gateway.
     */
    static boolean chat(ServeProcess gw, String text, String session, Runnable firstToken) {
        byte[] body = ("{\"model\":\"tern\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: " + gw.host() + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n" + (session == null ? "" : "X-Tern-Session: " + session + "\r\n") + "\r\n";
        LoadConnection c = null;
        boolean reusable = false;
        try {
            c = gw.connection();
            c.out().write(head.getBytes(StandardCharsets.US_ASCII));
            c.out().write(body);
            c.out().flush();
            LoadConnection.In in = c.in();
            String status = in.line();
            boolean chunked = false;
            for (String h; !(h = in.line()).isEmpty(); ) {
                if (h.regionMatches(true, 0, "transfer-encoding: chunked", 0, 26)) chunked = true;
            }
            if (!status.startsWith("HTTP/1.1 200") || !chunked) throw new IOException(status + ": " + in.rest());
            boolean done = false, texted = false;
            while (true) {
                int size = Integer.parseInt(in.line().strip(), 16);
                if (size == 0) {
                    in.line(); // the empty trailer line: the response is over, the connection can take the next request
                    break;
                }
                if (!texted) {
                    byte[] chunk = in.bytes(size);
                    if (LoadConnection.contains(chunk, TEXT_DELTA)) {
                        texted = true;
                        firstToken.run();
                    }
                    done |= LoadConnection.contains(chunk, DONE_EVENT);
                } else {
                    done |= in.skipFinding(size, DONE_EVENT);
                }
                in.line();
            }
            if (!done) throw new IOException("stream ended without [DONE]");
            reusable = true;
            return true;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (c != null) gw.release(c, reusable);
        }
    }

    private static final byte[] DONE_EVENT = "data: [DONE]".getBytes(StandardCharsets.US_ASCII);
    /** A content delta with text (the role chunk's is {@code "content":""}, inside the role object). */
    private static final byte[] TEXT_DELTA = "{\"content\":\"".getBytes(StandardCharsets.US_ASCII);

    /** Runs {@code n} tasks at once on virtual threads; the latency of each, errors, wall time. */
    static Load load(int n, IntTask task) throws InterruptedException {
        long[] lat = new long[n];
        long[] ttft = new long[n];
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> first = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    long t0 = System.nanoTime();
                    boolean ok;
                    try {
                        ok = task.run(id, () -> ttft[id] = (System.nanoTime() - t0) / 1000);
                    } catch (RuntimeException e) {
                        ok = false;
                        first.compareAndSet(null, e.toString());
                    }
                    lat[id] = (System.nanoTime() - t0) / 1000;
                    if (!ok) errors.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread t : threads) t.join();
        return new Load(lat, ttft, 0, errors.get(), first.get(), (System.nanoTime() - t0) / 1_000_000);
    }

    @FunctionalInterface
    interface IntTask {
        /** @param firstToken to call when the request's first text arrives */
        boolean run(int i, Runnable firstToken);
    }
}
