package dev.tern.channels.cron;

import java.time.Instant;

/**
 * Makes a job's fire happen once even when several gateway nodes run the same schedule: every node
 * computes the same scheduled fire time, and only the one that claims {@code (jobId, fireTime)} runs it.
 * Implementations: {@link FileJobLock} (one node; survives restarts), later PostgreSQL and Redis; all
 * pass the conformance suite {@code JobLockContract} (test scope).
 *
 * <p>Semantics are at-most-once: a claim is never given twice, even if the node that got it crashed
 * before the turn finished. A fire lost that way is reported by the job's status ({@code running} that
 * never ended), and the next scheduled fire runs normally. Jobs send mail and messages: running one twice
 * is worse than missing one.
 */
public interface JobLock {

    /**
     * Claims the fire of {@code jobId} scheduled at {@code fireTime}.
     *
     * @return true for exactly one caller per (job, fire time) over all nodes and restarts; false for
     *         every other caller, and for a fire time not later than one already claimed for that job
     */
    boolean tryAcquire(String jobId, Instant fireTime);

    /** Forgets a removed job's claims. */
    void forget(String jobId);
}
