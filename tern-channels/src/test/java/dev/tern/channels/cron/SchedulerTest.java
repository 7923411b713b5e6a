package dev.tern.channels.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tern.channels.Reply;
import dev.tern.channels.TurnRequest;
import dev.tern.channels.heartbeat.Heartbeat;
import dev.tern.channels.testutil.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop tern serve runs: it ticks cron and heartbeat and sleeps until the earliest next fire of its clock. */
class SchedulerTest {

    @TempDir Path ws;

    @Test
    void theLoopFiresJobsAndHeartbeatsWhenTheirTimeComes() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-12-01T09:00:59.800Z"));
        CronStore store = new CronStore(ws, ZoneOffset.UTC);
        store.add("* * * * *", "tick", null, null, null, clock.instant());
        Files.writeString(ws.resolve("HEARTBEAT.md"), "- [ ] check the oven\n");
        List<TurnRequest> seen = new CopyOnWriteArrayList<>();
        CronScheduler cron = new CronScheduler(store, new FileJobLock(ws), (r, p) -> {
            seen.add(r);
            return Reply.of("ok");
        }, null, clock);
        Heartbeat heartbeat = new Heartbeat(ws, Duration.ofMinutes(30), (r, p) -> {
            seen.add(r);
            return Reply.of("done");
        }, null, null, clock);
        try (Scheduler scheduler = new Scheduler(clock, cron, heartbeat)) {
            scheduler.start();
            clock.advance(Duration.ofMillis(400));  // 09:01:00.2: the job is due; the loop wakes within its 200 ms wait
            await().atMost(10, TimeUnit.SECONDS).until(() -> seen.size() == 1);
            assertThat(seen.get(0).source()).isEqualTo(TurnRequest.Source.CRON);
            clock.advance(Duration.ofMinutes(30));
            scheduler.wake();
            // the heartbeat and the cron fire of 09:31 happen in one wake-up, in either order
            await().atMost(10, TimeUnit.SECONDS).until(() -> seen.stream().anyMatch(r -> r.source() == TurnRequest.Source.HEARTBEAT)
                    && seen.stream().filter(r -> r.source() == TurnRequest.Source.CRON).count() >= 2);
            assertThat(seen).filteredOn(r -> r.source() == TurnRequest.Source.CRON).hasSize(2);  // 09:31 collapsed the missed minutes
        }
    }
}
