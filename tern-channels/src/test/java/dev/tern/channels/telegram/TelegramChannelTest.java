package dev.tern.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tern.channels.ChannelEvent;
import dev.tern.channels.ChannelManager;
import dev.tern.channels.SendRetry;
import dev.tern.channels.config.TelegramConfig;
import dev.tern.channels.testutil.AgentTurns;
import dev.tern.channels.testutil.TestManagers;
import dev.tern.channels.testutil.FakeTelegram;
import dev.tern.channels.testutil.FakeTelegram.Call;
import dev.tern.model.UserMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The Telegram channel against a local Bot API server, answering with real agent turns on the simulator. */
class TelegramChannelTest {

    private static final String TOKEN = "123456:TEST-token";
    @TempDir Path ws;
    private final List<ChannelEvent> events = new CopyOnWriteArrayList<>();
    private FakeTelegram telegram;
    private AgentTurns turns;
    private ChannelManager manager;

    private TelegramConfig config(List<String> allowFrom) {
        return new TelegramConfig(true, TOKEN, allowFrom, null, true, telegram.baseUrl(), 1);
    }

    private ChannelManager start(TelegramConfig cfg) {
        return TestManagers.started(turns, ws, events, new TelegramChannel(cfg, null, ws.resolve(".tern/channels")));
    }

    @AfterEach
    void stop() {
        if (manager != null) manager.close();
        if (turns != null) turns.close();
        if (telegram != null) telegram.close();
    }

    private static long offsetOf(Call c) { return c.params().path("offset").asLong(); }

    @Test
    void offsetsTypingTheReplyAnd429AreAsTheBotApiExpects() throws Exception {
        telegram = new FakeTelegram(TOKEN);
        turns = new AgentTurns(ws, "[{\"text\": \"Hi **Alice**! How can I help?\", \"latency\": {\"ttftMs\": 300}}]");
        long u1 = telegram.userWrites(42, "alice", "hello there");
        manager = start(config(List.of("alice")));

        await().atMost(20, TimeUnit.SECONDS).until(() -> telegram.sent().size() == 1);
        JsonNode reply = telegram.sent().get(0);
        assertThat(reply.get("chat_id").asLong()).isEqualTo(42);
        assertThat(reply.get("text").asString()).isEqualTo("Hi <b>Alice</b>! How can I help?");
        assertThat(reply.get("parse_mode").asString()).isEqualTo("HTML");
        assertThat(reply.get("reply_parameters").get("message_id").asLong()).isEqualTo(1);

        List<Call> calls = telegram.calls();
        int firstPoll = indexOf(calls, "getUpdates", 0);
        int typing = indexOf(calls, "sendChatAction", 0);
        int answer = indexOf(calls, "sendMessage", 0);
        assertThat(offsetOf(calls.get(firstPoll))).isZero();
        assertThat(firstPoll).isLessThan(typing);
        assertThat(typing).as("typing is shown while the turn runs, before the answer").isLessThan(answer);
        assertThat(calls.get(typing).params().get("action").asString()).isEqualTo("typing");
        assertThat(calls.get(typing).params().get("chat_id").asLong()).isEqualTo(42);
        await().atMost(10, TimeUnit.SECONDS).until(() -> telegram.calls("getUpdates").stream().anyMatch(c -> offsetOf(c) == u1 + 1));

        // flood control on the next answer: the retry comes after retry_after, not before
        telegram.failNext("sendMessage", 429, "Too Many Requests: retry after 1", 1);
        long u2 = telegram.userWrites(42, "alice", "and again");
        await().atMost(20, TimeUnit.SECONDS).until(() -> telegram.sent().size() == 2);
        List<Call> sends = telegram.calls("sendMessage");
        Call limited = sends.get(sends.size() - 2);
        Call retried = sends.get(sends.size() - 1);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(Duration.between(limited.at(), retried.at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ChannelEvent.SendRetrying.class,
                r -> assertThat(r.delay()).isGreaterThanOrEqualTo(Duration.ofSeconds(1))));
        await().atMost(10, TimeUnit.SECONDS).until(() -> telegram.calls("getUpdates").stream().anyMatch(c -> offsetOf(c) == u2 + 1));

        // someone not in allowFrom: confirmed (offset moves on), logged, never answered
        long u3 = telegram.userWrites(666, "mallory", "send me the files");
        await().atMost(10, TimeUnit.SECONDS).until(() -> telegram.calls("getUpdates").stream().anyMatch(c -> offsetOf(c) == u3 + 1));
        assertThat(events).contains(new ChannelEvent.Denied("telegram", "666", "666|mallory"));
        assertThat(telegram.calls()).noneMatch(c -> c.params().path("chat_id").asLong() == 666);
        assertThat(telegram.sent()).hasSize(2);

        // one session per chat, with both turns in it
        List<String> said = turns.sessions.open("telegram:42").messages().stream().filter(m -> m instanceof UserMessage)
                .map(m -> ((UserMessage) m).text()).toList();
        assertThat(said).hasSize(2);
        assertThat(said.get(0)).startsWith("hello there");
    }

    @Test
    void aLongAnswerIsSplitUnder4096AndARestartNeitherLosesNorRepeatsUpdates() throws Exception {
        telegram = new FakeTelegram(TOKEN);
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 120; i++) longText.append("Paragraph ").append(i).append(": ").append("all work and no play. ".repeat(4)).append("\\n\\n");
        turns = new AgentTurns(ws, "[{\"text\": \"" + longText + "\"}]");
        telegram.userWrites(42, "alice", "write a lot");
        manager = start(config(List.of("42")));
        await().atMost(20, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e -> e instanceof ChannelEvent.Replied));
        List<JsonNode> sent = telegram.sent();
        assertThat(sent.size()).isGreaterThanOrEqualTo(3);
        assertThat(telegram.calls("sendMessage")).allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
        assertThat(sent.get(0).has("reply_parameters")).isTrue();
        assertThat(sent.get(1).has("reply_parameters")).isFalse();
        String joined = String.join("\n\n", sent.stream().map(n -> n.get("text").asString()).toList());
        assertThat(joined).contains("Paragraph 0:").contains("Paragraph 119:");

        manager.close();
        assertThat(Files.readString(ws.resolve(".tern/channels/telegram.offset")).strip()).isNotEmpty();
        long later = telegram.userWrites(42, "alice", "one more");
        manager = start(config(List.of("42")));
        await().atMost(20, TimeUnit.SECONDS).until(() -> events.stream().filter(e -> e instanceof ChannelEvent.Replied).count() == 2);
        assertThat(telegram.sent()).hasSize(2 * sent.size());
        List<Call> polls = telegram.calls("getUpdates");
        assertThat(turns.requests).extracting(r -> r.text()).containsExactly("write a lot", "one more");
        assertThat(polls).anySatisfy(c -> assertThat(offsetOf(c)).isEqualTo(later));  // the restart polled from the saved offset
    }

    @Test
    void htmlTheServerRefusesIsResentAsPlainTextAndConflictsAreReported() throws Exception {
        telegram = new FakeTelegram(TOKEN);
        turns = new AgentTurns(ws, "[{\"text\": \"Use `x < y` here\"}]");
        telegram.failNext("sendMessage", 400, "Bad Request: can't parse entities: Unsupported start tag \"y\" at byte offset 12", null);
        telegram.failNext("getUpdates", 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running", null);
        telegram.userWrites(42, "alice", "hi");
        manager = start(config(List.of("*")));
        await().atMost(20, TimeUnit.SECONDS).until(() -> telegram.sent().size() == 1);
        JsonNode plain = telegram.sent().get(0);
        assertThat(plain.get("text").asString()).isEqualTo("Use `x < y` here");
        assertThat(plain.has("parse_mode")).isFalse();
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ChannelEvent.Error.class,
                er -> assertThat(er.message()).contains("409").contains("second instance")));
    }

    @Test
    void aWrongTokenStopsPollingWithAClearError() throws Exception {
        telegram = new FakeTelegram(TOKEN);
        turns = new AgentTurns(ws, "[{\"text\": \"x\"}]");
        manager = start(new TelegramConfig(true, "999:wrong", List.of("*"), null, false, telegram.baseUrl(), 1));
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e -> e instanceof ChannelEvent.Error));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ChannelEvent.Error.class,
                er -> assertThat(er.message()).isEqualTo("telegram: the Bot API refused the token (401 Unauthorized); polling stopped")));
    }

    private static int indexOf(List<Call> calls, String method, int from) {
        for (int i = from; i < calls.size(); i++) if (calls.get(i).method().equals(method)) return i;
        throw new AssertionError("no " + method + " in " + calls);
    }
}
