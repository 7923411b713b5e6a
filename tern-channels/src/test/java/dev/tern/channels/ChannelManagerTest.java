package dev.tern.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tern.channels.testutil.MemoryChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the manager does for every channel: allow lists, de-duplication, ordering, back-pressure, retries, splitting. */
class ChannelManagerTest {

    @TempDir Path state;
    private final List<ChannelEvent> events = new CopyOnWriteArrayList<>();
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final List<ChannelManager> managers = new ArrayList<>();

    private ChannelManager manager(TurnHandler turns, Channel... channels) {
        ChannelManager m = ChannelManager.builder(turns).stateDir(state).listener(events::add).queueCapacity(2)
                .retry(new SendRetry(4, Duration.ofMillis(100), Duration.ofSeconds(5), pauses::add))
                .drainTimeout(Duration.ofSeconds(5)).build();
        for (Channel c : channels) m.add(c);
        m.start();
        managers.add(m);
        return m;
    }

    @AfterEach
    void close() { managers.forEach(ChannelManager::close); }

    private static TurnHandler echo() { return (r, p) -> Reply.of("re: " + r.text()); }

    @Test
    void aSenderNotInAllowFromIsDroppedLoggedAndNeverAnswered() throws Exception {
        MemoryChannel ch = new MemoryChannel("chat", List.of("alice", "12345"), 1000);
        List<TurnRequest> turns = new CopyOnWriteArrayList<>();
        manager((r, p) -> { turns.add(r); return Reply.of("ok"); }, ch);

        assertThat(ch.receive("c1", "999|mallory", "give me your files", "m1")).isEqualTo(InboundSink.Intake.DENIED);
        assertThat(ch.receive("c2", "12345|bob", "hello", "m2")).isEqualTo(InboundSink.Intake.QUEUED);
        assertThat(ch.receive("c3", "777|alice", "hi", "m3")).isEqualTo(InboundSink.Intake.QUEUED);  // nanobot: any part of id|username

        await().atMost(10, TimeUnit.SECONDS).until(() -> ch.sent.size() == 2);
        assertThat(ch.sent).extracting(OutboundMessage::chatId).containsExactlyInAnyOrder("c2", "c3");
        assertThat(turns).extracting(TurnRequest::sessionKey).containsExactlyInAnyOrder("chat:c2", "chat:c3");
        assertThat(events).contains(new ChannelEvent.Denied("chat", "c1", "999|mallory"));
    }

    @Test
    void aRedeliveredMessageIsAnsweredOnceAlsoAfterARestart() throws Exception {
        MemoryChannel ch = new MemoryChannel("chat", List.of("*"), 1000);
        AtomicInteger turns = new AtomicInteger();
        TurnHandler h = (r, p) -> Reply.of("answer " + turns.incrementAndGet());
        ChannelManager m = manager(h, ch);
        assertThat(ch.receive("c", "u", "hi", "id-1")).isEqualTo(InboundSink.Intake.QUEUED);
        assertThat(ch.receive("c", "u", "hi", "id-1")).isEqualTo(InboundSink.Intake.DUPLICATE);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ch.sent.size() == 1);
        m.close();

        MemoryChannel again = new MemoryChannel("chat", List.of("*"), 1000);
        manager(h, again);
        assertThat(again.receive("c", "u", "hi", "id-1")).isEqualTo(InboundSink.Intake.DUPLICATE);
        assertThat(again.receive("c", "u", "next", "id-2")).isEqualTo(InboundSink.Intake.QUEUED);
        await().atMost(10, TimeUnit.SECONDS).until(() -> again.sent.size() == 1);
        assertThat(turns.get()).isEqualTo(2);
        assertThat(events).contains(new ChannelEvent.Duplicate("chat", "id-1"));
    }

    @Test
    void turnsOfOneChatRunInOrderOneAtATimeWhileOtherChatsRunAlongside() throws Exception {
        MemoryChannel ch = new MemoryChannel("chat", List.of("*"), 1000);
        Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
        AtomicInteger maxPerChat = new AtomicInteger();
        List<String> orderA = new CopyOnWriteArrayList<>();
        CountDownLatch bStarted = new CountDownLatch(1);
        CountDownLatch aMayFinish = new CountDownLatch(1);
        ChannelManager m = ChannelManager.builder((r, p) -> {
            int now = active.computeIfAbsent(r.chatId(), k -> new AtomicInteger()).incrementAndGet();
            maxPerChat.accumulateAndGet(now, Math::max);
            try {
                if (r.chatId().equals("a")) {
                    orderA.add(r.text());
                    if (r.text().equals("a1")) aMayFinish.await(10, TimeUnit.SECONDS);  // holds chat a until b ran
                } else {
                    bStarted.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            active.get(r.chatId()).decrementAndGet();
            return Reply.of("done " + r.text());
        }).queueCapacity(16).listener(events::add).build();
        managers.add(m);
        m.add(ch).start();

        for (int i = 1; i <= 4; i++) ch.receive("a", "u", "a" + i, "a" + i);
        ch.receive("b", "u", "b1", "b1");
        assertThat(bStarted.await(10, TimeUnit.SECONDS)).as("chat b is not blocked by chat a's long turn").isTrue();
        aMayFinish.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> ch.sent.size() == 5);
        assertThat(orderA).containsExactly("a1", "a2", "a3", "a4");
        assertThat(maxPerChat.get()).isEqualTo(1);
        assertThat(ch.sent.stream().filter(o -> o.chatId().equals("a")).map(OutboundMessage::text))
                .containsExactly("done a1", "done a2", "done a3", "done a4");
    }

    @Test
    void aSlowChannelMakesOnlyItsOwnReceiverWait() throws Exception {
        MemoryChannel slow = new MemoryChannel("slow", List.of("*"), 1000);
        MemoryChannel fast = new MemoryChannel("fast", List.of("*"), 1000);
        manager(echo(), slow, fast);  // queue capacity 2 per channel
        slow.holdSends();
        slow.receive("s1", "u", "one", "1");
        slow.receive("s2", "u", "two", "2");
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                slow.receive("s3", "u", "three", "3");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(10, TimeUnit.SECONDS).until(() -> receiver.getState() == Thread.State.WAITING);

        for (int i = 0; i < 5; i++) fast.receive("f" + i, "u", "quick " + i, "f" + i);
        await().atMost(10, TimeUnit.SECONDS).until(() -> fast.sent.size() == 5);
        assertThat(receiver.isAlive()).as("the slow channel's receiver still waits for room").isTrue();
        assertThat(slow.sent).isEmpty();

        slow.openSends();
        receiver.join(10_000);
        assertThat(receiver.isAlive()).isFalse();
        await().atMost(10, TimeUnit.SECONDS).until(() -> slow.sent.size() == 3);
    }

    @Test
    void transientSendFailuresAreRetriedWithBackoffHonouringRetryAfter() throws Exception {
        MemoryChannel ch = new MemoryChannel("chat", List.of("*"), 1000);
        ch.failNextSend(SendException.transientFailure("429 Too Many Requests", Duration.ofSeconds(7), null));
        ch.failNextSend(SendException.transientFailure("connection reset", null, null));
        manager(echo(), ch);
        ch.receive("c", "u", "hi", "1");
        await().atMost(10, TimeUnit.SECONDS).until(() -> ch.sent.size() == 1);
        assertThat(pauses).hasSize(2);
        assertThat(pauses.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(7));  // the server's retry-after wins
        assertThat(pauses.get(1)).isLessThanOrEqualTo(Duration.ofMillis(200));    // full jitter under 100 ms << 1
        assertThat(events).filteredOn(e -> e instanceof ChannelEvent.SendRetrying).hasSize(2);
        assertThat(events).contains(new ChannelEvent.Replied("chat", "c", 1));
    }

    @Test
    void aPermanentFailureIsAnErrorEventNotSilence() throws Exception {
        MemoryChannel ch = new MemoryChannel("chat", List.of("*"), 1000);
        ch.failNextSend(SendException.permanent("403 Forbidden: bot was blocked by the user", null));
        manager(echo(), ch);
        ch.receive("c", "u", "hi", "1");
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e -> e instanceof ChannelEvent.SendFailed));
        assertThat(events).contains(new ChannelEvent.SendFailed("chat", "c", "403 Forbidden: bot was blocked by the user"));
        assertThat(pauses).isEmpty();

        MemoryChannel flaky = new MemoryChannel("flaky", List.of("*"), 1000);
        for (int i = 0; i < 4; i++) flaky.failNextSend(SendException.transientFailure("503", null, null));
        manager(echo(), flaky);
        flaky.receive("c", "u", "hi", "1");
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e -> e instanceof ChannelEvent.SendFailed f && f.channel().equals("flaky")));
        assertThat(events).contains(new ChannelEvent.SendFailed("flaky", "c", "gave up after 4 attempts: 503"));
    }

    @Test
    void aChannelBugWhileSendingIsReportedAndTheChatKeepsWorking() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        MemoryChannel buggy = new MemoryChannel("buggy", List.of("*"), 1000) {
            @Override public void send(OutboundMessage m) throws SendException {
                if (calls.incrementAndGet() == 1) throw new NumberFormatException("For input string: \"x\"");
                super.send(m);
            }
        };
        manager(echo(), buggy);
        buggy.receive("c", "u", "one", "1");
        buggy.receive("c", "u", "two", "2");
        await().atMost(10, TimeUnit.SECONDS).until(() -> buggy.sent.size() == 1);
        assertThat(buggy.sent.get(0).text()).isEqualTo("re: two");
        assertThat(events).contains(new ChannelEvent.SendFailed("buggy", "c", "For input string: \"x\""));
    }

    @Test
    void longAnswersAreSplitUnderTheLimitAndTheFirstPartRepliesToTheMessage() throws Exception {
        MemoryChannel ch = new MemoryChannel("chat", List.of("*"), 100);
        String answer = ("A paragraph of words that goes on for a while. ".repeat(3) + "\n\n").repeat(4);
        manager((r, p) -> Reply.of(answer), ch);
        ch.receive("c", "u", "tell me", "msg-9");
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e -> e instanceof ChannelEvent.Replied));
        assertThat(ch.sent.size()).isGreaterThan(4);
        assertThat(ch.sent).allSatisfy(o -> assertThat(o.text().length()).isLessThanOrEqualTo(100));
        assertThat(ch.sent.get(0).replyToId()).isEqualTo("msg-9");
        assertThat(ch.sent.subList(1, ch.sent.size())).allSatisfy(o -> assertThat(o.replyToId()).isNull());
        assertThat(ch.sent.get(ch.sent.size() - 1).part()).isEqualTo(ch.sent.size());
        assertThat(String.join(" ", ch.sent.stream().map(OutboundMessage::text).toList()).replaceAll("\\s+", " "))
                .isEqualTo(answer.replaceAll("\\s+", " ").strip());
    }

    @Test
    void aFailedTurnTellsThePersonBrieflyAndIsReported() throws Exception {
        MemoryChannel ch = new MemoryChannel("chat", List.of("*"), 1000);
        manager((r, p) -> { throw new IllegalStateException("model unavailable"); }, ch);
        ch.receive("c", "u", "hi", "1");
        await().atMost(10, TimeUnit.SECONDS).until(() -> ch.sent.size() == 1);
        assertThat(ch.sent.get(0).text()).startsWith("Sorry, I could not answer that").contains("model unavailable");
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(ChannelEvent.TurnFailed.class));
    }

    @Test
    void typingIsShownWhileTheTurnRunsAndProgressGoesToTheChat() throws Exception {
        MemoryChannel ch = new MemoryChannel("chat", List.of("*"), 1000);
        manager((r, p) -> {
            p.progress("looking it up…");
            return Reply.of("found it");
        }, ch);
        ch.receive("c", "u", "find x", "1");
        await().atMost(10, TimeUnit.SECONDS).until(() -> ch.sent.size() == 2);
        assertThat(ch.typing).contains("c");
        assertThat(ch.sent).extracting(OutboundMessage::text).containsExactly("looking it up…", "found it");
    }

    @Test
    void deliveryReachesRunningChannelsAndRefusesOthersAndAChannelThatCannotStartDoesNotStopTheRest() throws Exception {
        MemoryChannel ok = new MemoryChannel("chat", List.of("*"), 1000);
        Channel broken = new MemoryChannel("broken", List.of("*"), 1000) {
            @Override public void start(InboundSink s) {
                throw new IllegalStateException("broken: no token");
            }
        };
        ChannelManager m = manager(echo(), broken, ok);
        assertThat(m.running()).containsExactly("chat");
        assertThat(m.startFailures()).containsEntry("broken", "broken: no token");
        m.deliver("chat", "c9", "scheduled result");
        assertThat(ok.sent).extracting(OutboundMessage::text).containsExactly("scheduled result");
        assertThatThrownBy(() -> m.deliver("broken", "c", "x")).isInstanceOf(SendException.class).hasMessageContaining("not running");
        assertThatThrownBy(() -> m.deliver("nope", "c", "x")).hasMessageContaining("known: broken, chat");
    }
}
