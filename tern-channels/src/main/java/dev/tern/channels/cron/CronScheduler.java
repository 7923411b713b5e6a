package dev.tern.channels.cron;

import dev.tern.channels.Delivery;
import dev.tern.channels.Reply;
import dev.tern.channels.SendException;
import dev.tern.channels.TurnHandler;
import dev.tern.channels.TurnProgress;
import dev.tern.channels.TurnRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * Fires due cron jobs. Driven by {@link #tick()} — by the {@link Scheduler} loop in {@code tern serve},
 * by the test with a test clock — never by sleeping of its own. A job due at T runs when a tick at or
 * after T sees it: once, whatever the number of fires missed while the gateway was down (the next fire
 * is computed from now, not from T). Each fire is claimed through the {@link JobLock} first, so with
 * several nodes it runs once. A job whose previous run has not finished skips the fire ({@code skipped}).
 * The turn runs in the session of the job's target chat ({@code email:me@example.com}) and its answer is
 * delivered there; a job without a target runs in {@code cron:<id>}, where its answers stay.
 */
public final class CronScheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CronScheduler.class.getName());

    private final CronStore store;
    private final JobLock lock;
    private final TurnHandler turns;
    private final Delivery delivery;
    private final Clock clock;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();

    /** The outcome of one fire: {@code status} is {@code ok} or {@code error}. */
    public record JobRun(String jobId, Instant fireTime, String status, String answer, String error) { }

    /**
     * @param delivery where answers of jobs with a target go (the channel manager), or null when no channel runs
     */
    public CronScheduler(CronStore store, JobLock lock, TurnHandler turns, Delivery delivery, Clock clock) {
        this.store = store;
        this.lock = lock;
        this.turns = turns;
        this.delivery = delivery;
        this.clock = clock;
    }

    private record Fire(CronJob job, Instant at) { }

    /** Starts every due job; returns their runs (already started, on virtual threads). */
    public List<CompletableFuture<JobRun>> tick() {
        Instant now = clock.instant();
        List<Fire> fires = new ArrayList<>();
        store.update(jobs -> {
            for (int i = 0; i < jobs.size(); i++) {
                CronJob j = jobs.get(i);
                if (!j.enabled()) continue;
                Schedule s = resolve(j.schedule());
                if (j.nextRunAt() == null) {
                    Instant n = s.next(now);
                    jobs.set(i, n == null ? j.disabled() : j.withNextRun(n));
                    continue;
                }
                if (j.nextRunAt().isAfter(now)) continue;
                Instant fireAt = j.nextRunAt();
                Instant next = s.next(now);  // missed fires collapse into this one
                CronJob updated = j.withNextRun(next);
                if (running.contains(j.id())) {
                    updated = updated.withStatus("skipped", "the run of " + j.lastRunAt() + " was still running at " + fireAt);
                } else if (lock.tryAcquire(j.id(), fireAt)) {
                    updated = updated.withRun(now, "running", null);
                    fires.add(new Fire(updated, fireAt));
                    running.add(j.id());
                }
                if (next == null && !updated.deleteAfterRun()) updated = updated.disabled();
                jobs.set(i, updated);
            }
            return null;
        });
        List<CompletableFuture<JobRun>> out = new ArrayList<>();
        for (Fire f : fires) out.add(CompletableFuture.supplyAsync(() -> run(f), runs));
        return out;
    }

    /** The earliest next fire of an enabled job, or null when none is scheduled. */
    public Instant nextWake() {
        Instant min = null;
        for (CronJob j : store.list()) {
            if (j.enabled() && j.nextRunAt() != null && (min == null || j.nextRunAt().isBefore(min))) min = j.nextRunAt();
        }
        return min;
    }

    private Schedule resolve(Schedule s) {
        return s instanceof Schedule.Cron c ? c.inZone(store.defaultZone()) : s;
    }

    private JobRun run(Fire f) {
        CronJob job = f.job();
        try {
            String channel = job.channel() == null ? "cron" : job.targetChannel();
            String chat = job.channel() == null ? job.id() : job.targetChat();
            TurnRequest req = new TurnRequest(TurnRequest.Source.CRON, channel, chat, "cron:" + job.id(), job.message(),
                    "cron:" + job.id() + "@" + f.at().toEpochMilli(), null, null, null,
                    Map.of("job_id", job.id(), "job_name", job.name(), "fire_time", f.at().toString()));
            Reply reply;
            try {
                reply = turns.turn(req, TurnProgress.NONE);
            } catch (RuntimeException e) {
                reply = Reply.failure(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            String error = reply == null ? "the turn handler returned nothing" : reply.error();
            if (error == null && job.channel() != null && reply.hasText()) error = deliver(job, reply.text());
            if (error != null) LOG.warning("cron job " + job.id() + " (" + job.name() + "): " + error);
            finish(job, error);
            return new JobRun(job.id(), f.at(), error == null ? "ok" : "error", reply == null ? "" : reply.text(), error);
        } catch (RuntimeException e) {  // the store could not record the outcome: say so, loudly
            LOG.severe("cron job " + job.id() + ": " + e.getMessage());
            return new JobRun(job.id(), f.at(), "error", "", e.getMessage());
        } finally {
            running.remove(job.id());
        }
    }

    private String deliver(CronJob job, String text) {
        if (delivery == null) return "cannot deliver to " + job.channel() + ": no channels are running";
        try {
            delivery.deliver(job.targetChannel(), job.targetChat(), text);
            return null;
        } catch (SendException e) {
            return "delivery to " + job.channel() + " failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "delivery to " + job.channel() + " interrupted";
        }
    }

    private void finish(CronJob job, String error) {
        store.update(jobs -> {
            for (int i = 0; i < jobs.size(); i++) {
                CronJob j = jobs.get(i);
                if (!j.id().equals(job.id())) continue;
                if (j.deleteAfterRun() && j.schedule() instanceof Schedule.At) {
                    jobs.remove(i);
                    lock.forget(j.id());
                } else {
                    jobs.set(i, j.withStatus(error == null ? "ok" : "error", error));
                }
                return null;
            }
            return null;  // removed while it ran
        });
    }

    /** Waits for running jobs to finish (tern serve's shutdown). */
    @Override
    public void close() {
        runs.close();
    }
}
