package dev.tern.channels.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.channels.Reply;
import dev.tern.channels.TurnRequest;
import dev.tern.channels.heartbeat.Heartbeat.Outcome;
import dev.tern.channels.testutil.AgentTurns;
import dev.tern.channels.testutil.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatTest {

    @TempDir Path ws;
    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T09:00:00Z"));

    /** nanobot's template: headings, comments, empty boxes — nothing to do. */
    private static final String TEMPLATE = """
            # Heartbeat Tasks

            This file is checked every 30 minutes by your nanobot agent.

            <!-- Add your periodic tasks below this line.
                 - [ ] Check calendar -->

            ## Active Tasks

            - [ ]

            ## Completed

            - [x] Set up the heartbeat
            """;

    private Heartbeat.Result tick(Heartbeat h) {
        clock.advance(Duration.ofMinutes(30));
        return h.tick().orTimeout(30, TimeUnit.SECONDS).join();
    }

    @Test
    void anEmptyOrUnchangedHeartbeatCostsNoModelCallAndANewItemRunsOneTurn() throws Exception {
        try (AgentTurns turns = new AgentTurns(ws, "[{\"text\": \"Watered the plants.\"}]")) {
            Heartbeat h = new Heartbeat(ws, Duration.ofMinutes(30), turns, null, null, clock);
            assertThat(h.tick().join().outcome()).isEqualTo(Outcome.NOT_DUE);
            assertThat(tick(h).outcome()).isEqualTo(Outcome.MISSING);
            Files.writeString(ws.resolve("HEARTBEAT.md"), "");
            assertThat(tick(h).outcome()).isEqualTo(Outcome.EMPTY);
            Files.writeString(ws.resolve("HEARTBEAT.md"), TEMPLATE.replace("This file is checked every 30 minutes by your nanobot agent.\n", ""));
            assertThat(tick(h).outcome()).isEqualTo(Outcome.EMPTY);
            assertThat(turns.modelCalls()).isZero();

            Files.writeString(ws.resolve("HEARTBEAT.md"), TEMPLATE.replace("- [ ]\n", "- [ ] Water the plants\n"));
            Heartbeat.Result ran = tick(h);
            assertThat(ran.outcome()).isEqualTo(Outcome.RAN);
            assertThat(ran.answer()).isEqualTo("Watered the plants.");
            assertThat(turns.modelCalls()).isEqualTo(1);
            TurnRequest req = turns.requests.get(0);
            assertThat(req.source()).isEqualTo(TurnRequest.Source.HEARTBEAT);
            assertThat(req.sessionKey()).isEqualTo("heartbeat:main");
            assertThat(req.text()).contains("- [ ] Water the plants").contains("## Active Tasks").doesNotContain("Set up the heartbeat");

            assertThat(tick(h).outcome()).isEqualTo(Outcome.UNCHANGED);
            Files.writeString(ws.resolve("HEARTBEAT.md"), TEMPLATE.replace("- [ ]\n", "- [ ] Water the plants\n") + "- [x] another done item\n");
            assertThat(tick(h).outcome()).as("ticked items are not news").isEqualTo(Outcome.UNCHANGED);
            Heartbeat restarted = new Heartbeat(ws, Duration.ofMinutes(30), turns, null, null, clock);
            assertThat(tick(restarted).outcome()).as("remembered across restarts").isEqualTo(Outcome.UNCHANGED);
            assertThat(turns.modelCalls()).isEqualTo(1);

            Files.writeString(ws.resolve("HEARTBEAT.md"), "- [ ] Water the plants\n- [ ] Pay the rent\n");
            assertThat(tick(h).outcome()).isEqualTo(Outcome.RAN);
            assertThat(turns.modelCalls()).isEqualTo(2);
        }
    }

    @Test
    void answersAreDeliveredUnlessThereWasNothingToDoAndAFailedTurnIsRetried() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        AtomicReference<Reply> next = new AtomicReference<>(Reply.failure("model unavailable"));
        List<TurnRequest> seen = new CopyOnWriteArrayList<>();
        Heartbeat h = new Heartbeat(ws, Duration.ofMinutes(30), (r, p) -> {
            seen.add(r);
            return next.get();
        }, (channel, chat, text) -> delivered.add(channel + ":" + chat + " <- " + text), "telegram:42", clock);
        Files.writeString(ws.resolve("HEARTBEAT.md"), "- [ ] Remind me to stretch\n");
        Heartbeat.Result failed = tick(h);
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.error()).isEqualTo("model unavailable");
        next.set(Reply.of("Time to stretch!"));
        assertThat(tick(h).outcome()).as("a failed turn is tried again").isEqualTo(Outcome.RAN);
        assertThat(delivered).containsExactly("telegram:42 <- Time to stretch!");
        assertThat(seen).extracting(TurnRequest::sessionKey).containsOnly("telegram:42");

        Files.writeString(ws.resolve("HEARTBEAT.md"), "- [ ] Remind me to stretch at 3pm\n");
        next.set(Reply.of(Heartbeat.NOTHING_TO_DO));
        assertThat(tick(h).outcome()).isEqualTo(Outcome.RAN);
        assertThat(delivered).hasSize(1);
    }

    @Test
    void actionableItemsFollowNanobotsRules() {
        assertThat(HeartbeatFile.actionable(TEMPLATE)).as("the nanobot template has prose: that is an item")
                .isEqualTo("# Heartbeat Tasks\n\nThis file is checked every 30 minutes by your nanobot agent.".replace("\n\n", "\n"));
        assertThat(HeartbeatFile.actionable("# Tasks\n<!-- nothing -->\n* [ ]\n- [X] done\n")).isEmpty();
        assertThat(HeartbeatFile.actionable("# Tasks\n## Today\n- [ ] call Bob\n## Later\n")).isEqualTo("# Tasks\n## Today\n- [ ] call Bob");
        assertThat(HeartbeatFile.actionable(null)).isEmpty();
    }
}
