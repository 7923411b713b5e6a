package dev.tern.channels.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobLock} must do; each implementation (file now, PostgreSQL and Redis later) extends
 * this class. {@link #newNode()} returns a lock as another gateway node (or the same node after a restart)
 * would open it on the same shared state.
 */
public abstract class JobLockContract {

    /** A lock on the shared state, as a new node or a restarted process would open it. */
    protected abstract JobLock newNode() throws Exception;

    private static final Instant T = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void aFireIsGrantedOnceAndLaterFiresAgain() throws Exception {
        JobLock lock = newNode();
        assertThat(lock.tryAcquire("job1", T)).isTrue();
        assertThat(lock.tryAcquire("job1", T)).isFalse();
        assertThat(lock.tryAcquire("job1", T.plusSeconds(60))).isTrue();
        assertThat(lock.tryAcquire("job1", T)).as("an earlier fire after a later one was claimed").isFalse();
        assertThat(lock.tryAcquire("job2", T)).as("jobs are independent").isTrue();
    }

    @Test
    void manyNodesRacingForTheSameFireGetOneGrant() throws Exception {
        List<JobLock> nodes = new ArrayList<>();
        for (int i = 0; i < 8; i++) nodes.add(newNode());
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                JobLock node = nodes.get(i % nodes.size());
                Callable<Boolean> c = () -> {
                    go.await();
                    return node.tryAcquire("race", T);
                };
                results.add(pool.submit(c));
            }
            go.countDown();
            int granted = 0;
            for (Future<Boolean> f : results) if (f.get()) granted++;
            assertThat(granted).isEqualTo(1);
        }
    }

    @Test
    void aClaimSurvivesARestart() throws Exception {
        assertThat(newNode().tryAcquire("durable", T)).isTrue();
        JobLock restarted = newNode();
        assertThat(restarted.tryAcquire("durable", T)).isFalse();
        assertThat(restarted.tryAcquire("durable", T.plusSeconds(60))).isTrue();
    }

    @Test
    void forgettingAJobClearsItsClaims() throws Exception {
        JobLock lock = newNode();
        assertThat(lock.tryAcquire("gone", T)).isTrue();
        lock.forget("gone");
        assertThat(newNode().tryAcquire("gone", T)).isTrue();
    }
}
