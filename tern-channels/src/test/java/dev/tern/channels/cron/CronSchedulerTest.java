package dev.tern.channels.cron;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.channels.Reply;
import dev.tern.channels.SendException;
import dev.tern.channels.TurnRequest;
import dev.tern.channels.testutil.AgentTurns;
import dev.tern.channels.testutil.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler driven by a test clock: no sleeping, every fire accounted for. */
class CronSchedulerTest {

    @TempDir Path ws;
    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T09:00:30Z"));

    private static List<CronScheduler.JobRun> join(List<CompletableFuture<CronScheduler.JobRun>> runs) {
        List<CronScheduler.JobRun> out = new ArrayList<>();
        for (CompletableFuture<CronScheduler.JobRun> f : runs) out.add(f.orTimeout(30, TimeUnit.SECONDS).join());
        return out;
    }

    @Test
    void anEveryMinuteJobFiresOncePerMinuteAndOnceAfterDowntime() {
        try (AgentTurns turns = new AgentTurns(ws, "[{\"text\": \"Inbox: 3 new mails, nothing urgent.\"}]")) {
            CronStore store = new CronStore(ws, ZoneOffset.UTC);
            CronJob job = store.add("* * * * *", "Summarise my inbox", null, null, null, clock.instant());
            CronScheduler scheduler = new CronScheduler(store, new FileJobLock(ws), turns, null, clock);

            List<CronScheduler.JobRun> runs = new ArrayList<>();
            for (int i = 0; i < 30; i++) {  // five minutes in 10 s ticks
                clock.advance(Duration.ofSeconds(10));
                runs.addAll(join(scheduler.tick()));
            }
            assertThat(runs).extracting(r -> r.fireTime().toString()).containsExactly("2026-12-01T09:01:00Z", "2026-12-01T09:02:00Z",
                    "2026-12-01T09:03:00Z", "2026-12-01T09:04:00Z", "2026-12-01T09:05:00Z");
            assertThat(runs).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo("ok");
                assertThat(r.answer()).isEqualTo("Inbox: 3 new mails, nothing urgent.");
            });
            assertThat(turns.modelCalls()).isEqualTo(5);
            assertThat(turns.requests).allSatisfy(r -> {
                assertThat(r.source()).isEqualTo(TurnRequest.Source.CRON);
                assertThat(r.sessionKey()).isEqualTo("cron:" + job.id());
            });
            assertThat(turns.sessions.open("cron:" + job.id()).size()).isEqualTo(10);  // the answers stay in the job's session

            // the gateway is down for 10 minutes: the missed fires collapse into one
            clock.advance(Duration.ofMinutes(10));
            List<CronScheduler.JobRun> afterDowntime = join(scheduler.tick());
            assertThat(afterDowntime).hasSize(1);
            assertThat(afterDowntime.get(0).fireTime()).isEqualTo(Instant.parse("2026-12-01T09:06:00Z"));
            assertThat(join(scheduler.tick())).isEmpty();
            clock.advance(Duration.ofSeconds(20));  // 09:15:50: the next fire is 09:16
            assertThat(join(scheduler.tick())).isEmpty();
            clock.advance(Duration.ofSeconds(20));
            assertThat(join(scheduler.tick())).extracting(r -> r.fireTime().toString()).containsExactly("2026-12-01T09:16:00Z");
            assertThat(turns.modelCalls()).isEqualTo(7);

            CronJob stored = store.list().get(0);
            assertThat(stored.lastStatus()).isEqualTo("ok");
            assertThat(stored.nextRunAt()).isEqualTo(Instant.parse("2026-12-01T09:17:00Z"));
        }
    }

    @Test
    void answersGoToTheJobsChannelAndAFailedDeliveryIsTheJobsError() {
        List<String> delivered = new CopyOnWriteArrayList<>();
        CronStore store = new CronStore(ws, ZoneOffset.UTC);
        store.add("@every 1m", "Status?", "email:me@example.com", null, null, clock.instant());
        store.add("@every 1m", "Other", "telegram:42", null, null, clock.instant());
        List<TurnRequest> seen = new CopyOnWriteArrayList<>();
        CronScheduler s = new CronScheduler(store, new FileJobLock(ws), (r, p) -> {
            seen.add(r);
            return Reply.of("All good: " + r.text());
        }, (channel, chat, text) -> {
            if (channel.equals("telegram")) throw SendException.permanent("chat not found", null);
            delivered.add(channel + ":" + chat + " <- " + text);
        }, clock);
        clock.advance(Duration.ofMinutes(1));
        List<CronScheduler.JobRun> runs = join(s.tick());
        assertThat(delivered).containsExactly("email:me@example.com <- All good: Status?");
        assertThat(runs).extracting(CronScheduler.JobRun::status).containsExactlyInAnyOrder("ok", "error");
        assertThat(runs).filteredOn(r -> r.status().equals("error")).singleElement()
                .satisfies(r -> assertThat(r.error()).isEqualTo("delivery to telegram:42 failed: chat not found"));
        assertThat(seen).extracting(TurnRequest::sessionKey).containsExactlyInAnyOrder("email:me@example.com", "telegram:42");
        assertThat(store.list()).extracting(CronJob::lastStatus).containsExactlyInAnyOrder("ok", "error");
    }

    @Test
    void aFireAlreadyClaimedIsNotRunAgainAfterACrash() {
        CronStore store = new CronStore(ws, ZoneOffset.UTC);
        CronJob job = store.add("* * * * *", "Once only", null, null, null, clock.instant());
        // a node claimed 09:01 and died before it recorded anything else
        assertThat(new FileJobLock(ws).tryAcquire(job.id(), Instant.parse("2026-12-01T09:01:00Z"))).isTrue();
        List<TurnRequest> seen = new CopyOnWriteArrayList<>();
        CronScheduler restarted = new CronScheduler(store, new FileJobLock(ws), (r, p) -> {
            seen.add(r);
            return Reply.of("ran");
        }, null, clock);
        clock.advance(Duration.ofSeconds(40));  // 09:01:10
        assertThat(join(restarted.tick())).isEmpty();
        assertThat(seen).isEmpty();
        assertThat(store.list().get(0).nextRunAt()).isEqualTo(Instant.parse("2026-12-01T09:02:00Z"));
        clock.advance(Duration.ofMinutes(1));
        assertThat(join(restarted.tick())).hasSize(1);
    }

    @Test
    void aFireWhileThePreviousRunIsStillGoingIsSkipped() throws Exception {
        CronStore store = new CronStore(ws, ZoneOffset.UTC);
        store.add("* * * * *", "Slow job", null, null, null, clock.instant());
        CountDownLatch release = new CountDownLatch(1);
        List<TurnRequest> seen = new CopyOnWriteArrayList<>();
        CronScheduler s = new CronScheduler(store, new FileJobLock(ws), (r, p) -> {
            seen.add(r);
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.of("finally");
        }, null, clock);
        clock.advance(Duration.ofSeconds(30));
        List<CompletableFuture<CronScheduler.JobRun>> first = s.tick();
        assertThat(first).hasSize(1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(s.tick()).isEmpty();
        assertThat(store.list().get(0).lastStatus()).isEqualTo("skipped");
        release.countDown();
        assertThat(join(first).get(0).status()).isEqualTo("ok");
        assertThat(seen).hasSize(1);
        assertThat(store.list().get(0).lastStatus()).isEqualTo("ok");
    }

    @Test
    void aOneShotJobRunsOnceAndIsRemoved() {
        CronStore store = new CronStore(ws, ZoneOffset.UTC);
        store.add("@at 2026-12-01T09:05:00Z", "Call mum", null, null, null, clock.instant());
        CronScheduler s = new CronScheduler(store, new FileJobLock(ws), (r, p) -> Reply.of("reminded"), null, clock);
        clock.advance(Duration.ofMinutes(4));
        assertThat(join(s.tick())).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(join(s.tick())).hasSize(1);
        assertThat(store.list()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(join(s.tick())).isEmpty();
    }
}
