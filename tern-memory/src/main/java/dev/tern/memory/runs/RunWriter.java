package dev.tern.memory.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Writes finished runs into agent memory off the turn's thread: a run's end hands over its record and
 * returns at once; one writer thread summarises, embeds (when the model is warm) and stores whatever
 * has gathered in one transaction. A gateway finishing hundreds of turns at once pays one SQLite
 * transaction per batch instead of one per turn, on no turn's clock. {@link #flush} waits until what
 * was handed over is stored; {@link #close} flushes, so a process that ends records its last run.
 */
public final class RunWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RunWriter.class.getName());
    private static final int MAX_BATCH = 256;
    /**
     * How long the writer gathers after the first run of a batch: one commit (BEGIN, the WAL pages of the
     * table, its indices and FTS, COMMIT) per run had been 7 % of a busy gateway's CPU when turns ended a
     * few milliseconds apart; gathering for this long makes it one commit per few hundred runs.
     */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Handed over by {@link #flush}: the writer stops gathering and stores what it has. */
    private static final Finished FLUSH = new Finished(null, null, null, false, null, 0, 0, 0, null, null, null, null);

    /** A finished run as the listener saw it; the summary is made on the writer's thread. */
    record Finished(String agent, String task, String answer, boolean success, String outcome, long inputTokens,
                    long outputTokens, double costUsd, java.time.Duration duration, String model, String session,
                    java.time.Instant finishedAt) { }

    private final Supplier<AgentMemory> memory;
    private final LinkedBlockingQueue<Finished> queue = new LinkedBlockingQueue<>();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<RuntimeException> lastFailure = new AtomicReference<>();
    private final Object progress = new Object();
    private Thread thread;
    private boolean closed;

    /** @param memory the agent memory, asked for on the writer's thread when the first run arrives */
    public RunWriter(Supplier<AgentMemory> memory) {
        this.memory = memory;
    }

    /** Hands a finished run over; false when the writer is closed (the run is counted as failed). */
    boolean submit(Finished run) {
        synchronized (this) {
            if (closed) {
                failed.incrementAndGet();
                return false;
            }
            if (thread == null) {
                // JDBC calls into native code pin a virtual thread's carrier: the writer is a platform thread
                thread = Thread.ofPlatform().daemon().name("tern-run-writer").start(this::loop);
            }
            submitted.incrementAndGet();
            queue.add(run);
        }
        return true;
    }

    private void loop() {
        List<Finished> batch = new ArrayList<>();
        try {
            while (true) {
                Finished first = queue.take();
                if (first != FLUSH) batch.add(first);
                gather(batch, first == FLUSH);
                if (!batch.isEmpty()) write(batch);
                synchronized (progress) {
                    processed.addAndGet(batch.size());
                    progress.notifyAll();
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Adds what arrives within the linger time (none when a flush asked for it), up to the batch's size. */
    private void gather(List<Finished> batch, boolean flushing) throws InterruptedException {
        long deadline = System.nanoTime() + LINGER_NANOS;
        while (batch.size() < MAX_BATCH) {
            long left = deadline - System.nanoTime();
            Finished f = flushing || left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
            if (f == null) return;
            if (f == FLUSH) flushing = true;
            else batch.add(f);
        }
    }

    private void write(List<Finished> batch) {
        try {
            AgentMemory m = memory.get();
            List<RunDraft> drafts = new ArrayList<>(batch.size());
            for (Finished f : batch) {
                drafts.add(new RunDraft(f.agent(), f.task(), m.summarise(f.answer()), f.success(), f.outcome(), f.inputTokens(),
                        f.outputTokens(), f.costUsd(), f.duration(), f.model(), f.session(), f.finishedAt(), null));
            }
            m.recordAll(drafts);
            recorded.addAndGet(batch.size());
        } catch (RuntimeException ex) {
            failed.addAndGet(batch.size());
            lastFailure.set(ex);
            LOG.warning("agent memory: cannot record " + batch.size() + " finished run(s): " + ex.getMessage());
        }
    }

    /**
     * Waits until every run handed over so far is stored (or failed).
     *
     * @return false when that took longer than {@code timeoutMillis}
     */
    public boolean flush(long timeoutMillis) {
        long target = submitted.get();
        if (processed.get() < target) queue.add(FLUSH);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (progress) {
            while (processed.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    public long recorded() { return recorded.get(); }

    public long failed() { return failed.get(); }

    /** The last batch that could not be stored, or null. */
    public RuntimeException lastFailure() { return lastFailure.get(); }

    /** Stores what was handed over (waiting up to 10 s), then stops the writer. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) return;
            closed = true;
            t = thread;
        }
        if (t == null) return;
        if (!flush(10_000)) LOG.warning("agent memory: " + queue.size() + " finished run(s) not recorded before close");
        t.interrupt();
    }
}
