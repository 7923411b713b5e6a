package dev.tern.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One concurrency candidate's client in its own JVM ({@link ClientJvm} starts it): the batches of {@link ConcurrencyBench}
 * run here, on a heap of fixed size that holds nothing but this candidate's garbage. In the shared bench JVM the collector
 * sized the heap as it went and every candidate's garbage landed on it, so the JDK HttpClient's 1-2 s of collections per
 * 10 000-task batch fell differently in each run.
 *
 * <p>Protocol, one line per command on stdin and one answer line on stdout (the JVM's own messages go to stderr):
 * <ul>
 *   <li>{@code open}: closes the previous client, if any, and opens a fresh one; answers {@code ok}.</li>
 *   <li>{@code close}: closes the client (its connections: the simulator should not hold another candidate's thousands
 *   of idle connections while it serves the next one); answers {@code ok}.</li>
 *   <li>{@code batch <tasks> <b|s>}: runs that many agent runs at once (blocking or streaming model calls); answers
 *   {@code outcome <wall ms> <errors> <peak heap bytes> <peak live bytes> <GC ms> <CPU ms> <JIT CPU ms> <first error or ->}.</li>
 * </ul>
 * Every answer comes after a full collection, so the next batch starts with an empty young generation. It prints
 * {@code jvm <note>} when ready and exits at the end of its input.
 */
public final class ConcurrencyWorker {

    private ConcurrencyWorker() { }

    /** {@code <candidate> <simulator base URL>}. */
    public static void main(String[] args) throws Exception {
        String candidate = args[0], sim = args[1];
        var tools = FanoutBench.tools(false, 0);
        BenchClient client = null;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        answer("jvm " + Machine.jvmNote());
        try {
            for (String line; (line = in.readLine()) != null; ) {
                String[] w = line.strip().split(" ");
                switch (w[0]) {
                    case "open" -> {
                        if (client != null) client.close();
                        client = BenchClient.open(candidate, sim, "sim:conc", tools);
                        System.gc();
                        answer("ok");
                    }
                    case "close" -> {
                        if (client != null) client.close();
                        client = null;
                        System.gc();
                        answer("ok");
                    }
                    case "batch" -> {
                        if (client == null) throw new IllegalStateException("batch before open");
                        String out = batch(client.task(w[2].equals("s")), Integer.parseInt(w[1]));
                        System.gc();
                        answer(out);
                    }
                    default -> throw new IllegalArgumentException("unknown command: " + line);
                }
            }
        } catch (RuntimeException e) {
            // one line for the bench's output; the bench reports this JVM's exit status with it
            System.err.println("concurrency worker (" + candidate + "): " + e.getMessage());
            System.exit(1);
        } finally {
            if (client != null) client.close();
        }
    }

    private static void answer(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static String batch(BenchClient.Task task, int n) throws InterruptedException {
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        AtomicLong peak = new AtomicLong();
        AtomicLong live = new AtomicLong();
        // unstarted until the clock runs, then started in one loop: a start latch would wake its 10 000
        // waiters as a chain (each woken thread wakes the next from the back of the scheduler's queue),
        // which measured the latch, not the runs (thousands of tasks had not begun seconds into the batch)
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = i;
            threads.add(Thread.ofVirtual().unstarted(() -> {
                String failure = task.run("task " + id);
                if (failure != null) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, failure);
                }
            }));
        }
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(heapUsed(), Math::max);
                live.accumulateAndGet(LiveHeap.bytes(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        TaskCpu.Snapshot cpu0 = TaskCpu.now();
        long gc0 = gcMillis();
        long t0 = System.nanoTime();
        for (Thread t : threads) t.start();
        for (Thread t : threads) t.join();
        long wall = (System.nanoTime() - t0) / 1_000_000;
        TaskCpu.Snapshot cpu1 = TaskCpu.now();
        long gc = gcMillis() - gc0;
        sampler.interrupt();
        sampler.join();
        peak.accumulateAndGet(heapUsed(), Math::max);
        String error = firstError.get();
        return String.format(Locale.ROOT, "outcome %d %d %d %d %d %d %d %s", wall, errors.get(), peak.get(), live.get(), gc,
                cpu1.millisSince(cpu0), cpu1.compilerMillisSince(cpu0), error == null ? "-" : error.replaceAll("\\s+", " "));
    }

    /** Time the collectors have spent so far (pauses, for the stop-the-world collectors used here). */
    private static long gcMillis() {
        long ms = 0;
        for (var g : ManagementFactory.getGarbageCollectorMXBeans()) ms += Math.max(0, g.getCollectionTime());
        return ms;
    }

    private static long heapUsed() {
        long used = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) used += p.getUsage().getUsed();
        }
        return used;
    }
}
