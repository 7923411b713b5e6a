package dev.tern.channels.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tern.channels.ChannelEvent;
import dev.tern.channels.ChannelManager;
import dev.tern.channels.config.SlackConfig;
import dev.tern.channels.testutil.AgentTurns;
import dev.tern.channels.testutil.TestManagers;
import dev.tern.channels.testutil.FakeSlack;
import dev.tern.json.Json;
import dev.tern.model.UserMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The Slack channel over Socket Mode against a local Slack, answering with real agent turns on the simulator. */
class SlackChannelTest {

    private static final String BOT = "xoxb-test-bot";
    private static final String APP = "xapp-test-app";
    @TempDir Path ws;
    private final List<ChannelEvent> events = new CopyOnWriteArrayList<>();
    private FakeSlack slack;
    private AgentTurns turns;
    private ChannelManager manager;

    private SlackConfig config(List<String> allowFrom, String appToken) {
        return new SlackConfig(true, BOT, appToken, allowFrom, "mention", true, slack.apiBase());
    }

    private ChannelManager start(SlackConfig cfg) {
        return TestManagers.started(turns, ws, events, new SlackChannel(cfg, null));
    }

    @AfterEach
    void stop() {
        if (manager != null) manager.close();
        if (turns != null) turns.close();
        if (slack != null) slack.close();
    }

    private static String envelopeId(ObjectNode env) { return env.get("envelope_id").asString(); }

    private static String ts(ObjectNode env) { return env.path("payload").path("event").path("ts").asString(); }

    @Test
    void aDirectMessageIsAnsweredInPlaceInMrkdwnAndARedeliveryOrAStrangerGetsNothing() throws Exception {
        slack = new FakeSlack(BOT, APP);
        turns = new AgentTurns(ws, "[{\"text\": \"Hi **Alice**, see [the docs](https://example.com/a?b=1&c=2) and `x < y`\"}]");
        manager = start(config(List.of("U1"), APP));
        await().atMost(20, TimeUnit.SECONDS).until(() -> slack.connections() == 1);

        ObjectNode env = slack.userWrites("D1", "im", "U1", "hello there", null);
        await().atMost(20, TimeUnit.SECONDS).until(() -> slack.posted().size() == 1);
        JsonNode reply = slack.posted().get(0);
        assertThat(reply.get("channel").asString()).isEqualTo("D1");
        assertThat(reply.has("thread_ts")).as("a direct message is answered in place").isFalse();
        assertThat(reply.get("text").asString()).isEqualTo("Hi *Alice*, see <https://example.com/a?b=1&amp;c=2|the docs> and `x &lt; y`");
        assertThat(slack.acks()).contains(envelopeId(env));
        assertThat(slack.calls("auth.test")).hasSize(1);

        // Slack sends what it thinks was not acknowledged again: acknowledged, not answered twice
        ObjectNode again = slack.redeliver(env);
        await().atMost(10, TimeUnit.SECONDS).until(() -> slack.acks().contains(envelopeId(again)));
        // someone not in allowFrom: acknowledged, reported, never answered
        ObjectNode stranger = slack.userWrites("D9", "im", "U9", "send me the files", null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> slack.acks().contains(envelopeId(stranger)));
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains(new ChannelEvent.Denied("slack", "D9", "U9")));
        assertThat(slack.posted()).hasSize(1);
        assertThat(turns.requests).extracting(r -> r.text()).containsExactly("hello there");
        assertThat(turns.sessions.open("slack:D1").messages()).filteredOn(m -> m instanceof UserMessage).hasSize(1);
    }

    @Test
    void inAChannelAMentionOrAFollowUpInTheBotsThreadIsATurnAndNoBotMessageEver() throws Exception {
        slack = new FakeSlack(BOT, APP);
        turns = new AgentTurns(ws, "[{\"text\": \"Four.\"}]");
        manager = start(config(List.of("*"), APP));
        await().atMost(20, TimeUnit.SECONDS).until(() -> slack.connections() == 1);

        ObjectNode chatter = slack.userWrites("C1", "channel", "U1", "just chatting here", null);
        ObjectNode own = Json.object();
        own.put("type", "message").put("channel", "C1").put("channel_type", "channel").put("user", FakeSlack.BOT_USER)
                .put("text", "<@" + FakeSlack.BOT_USER + "> talking to myself").put("ts", "1765000000.000001");
        ObjectNode fromOwn = slack.deliver(own, 0);
        ObjectNode bot = own.deepCopy();
        bot.put("user", "U7").put("bot_id", "B7").put("ts", "1765000000.000002");
        ObjectNode fromBot = slack.deliver(bot, 0);
        ObjectNode edit = own.deepCopy();
        edit.put("user", "U1").put("subtype", "message_changed").put("ts", "1765000000.000003");
        ObjectNode edited = slack.deliver(edit, 0);
        await().atMost(10, TimeUnit.SECONDS).until(() -> slack.acks().containsAll(List.of(envelopeId(chatter), envelopeId(fromOwn),
                envelopeId(fromBot), envelopeId(edited))));

        ObjectNode asked = slack.userWrites("C1", "channel", "U1", "<@" + FakeSlack.BOT_USER + "> what is 2 + 2?", null);
        slack.deliverAs(asked, "app_mention");   // Slack sends both for a mention: one turn
        await().atMost(20, TimeUnit.SECONDS).until(() -> slack.posted().size() == 1);
        JsonNode first = slack.posted().get(0);
        assertThat(first.get("channel").asString()).isEqualTo("C1");
        assertThat(first.get("thread_ts").asString()).as("answered in the message's thread").isEqualTo(ts(asked));
        assertThat(first.get("text").asString()).isEqualTo("Four.");

        // a follow-up in the thread the bot answered in needs no mention; one in another thread does
        ObjectNode elsewhere = slack.userWrites("C1", "channel", "U2", "unrelated thread talk", "1765000000.000009");
        ObjectNode inThread = slack.userWrites("C1", "channel", "U2", "sure?", ts(asked));
        await().atMost(20, TimeUnit.SECONDS).until(() -> slack.posted().size() == 2);
        assertThat(slack.posted().get(1).get("thread_ts").asString()).isEqualTo(ts(asked));
        assertThat(slack.acks()).contains(envelopeId(inThread), envelopeId(elsewhere));
        assertThat(turns.requests).extracting(r -> r.text()).containsExactly("what is 2 + 2?", "sure?");
    }

    @Test
    void aRefreshRequestIsANewConnectionAndA429IsWaitedOut() throws Exception {
        slack = new FakeSlack(BOT, APP);
        turns = new AgentTurns(ws, "[{\"text\": \"noted\"}]");
        manager = start(config(List.of("U1"), APP));
        await().atMost(20, TimeUnit.SECONDS).until(() -> slack.connections() == 1);
        slack.userWrites("D1", "im", "U1", "first", null);
        await().atMost(20, TimeUnit.SECONDS).until(() -> slack.posted().size() == 1);

        slack.askToReconnect();
        await().atMost(20, TimeUnit.SECONDS).until(() -> slack.connections() == 2);
        assertThat(slack.calls("apps.connections.open")).hasSize(2);
        slack.failNext("chat.postMessage", 429, "ratelimited", 1L);
        slack.userWrites("D1", "im", "U1", "second", null);
        await().atMost(20, TimeUnit.SECONDS).until(() -> slack.posted().size() == 2);
        List<FakeSlack.Call> posts = slack.calls("chat.postMessage");
        FakeSlack.Call limited = posts.get(posts.size() - 2);
        FakeSlack.Call retried = posts.get(posts.size() - 1);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(Duration.between(limited.at(), retried.at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(turns.requests).extracting(r -> r.text()).containsExactly("first", "second");
    }

    @Test
    void aQuietConnectionIsPingedAndOneThatStopsAnsweringIsGivenUpForANewOne() throws Exception {
        slack = new FakeSlack(BOT, APP);
        turns = new AgentTurns(ws, "[{\"text\": \"still here\"}]");
        manager = TestManagers.started(turns, ws, events, new SlackChannel(config(List.of("U1"), APP), null, Duration.ofMillis(300)));
        await().atMost(20, TimeUnit.SECONDS).until(() -> slack.connections() == 1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> slack.pings() >= 3);   // answered: the same connection stays
        assertThat(slack.connections()).isEqualTo(1);

        slack.silence();
        await().atMost(10, TimeUnit.SECONDS).until(() -> slack.connections() == 2);
        slack.userWrites("D1", "im", "U1", "are you there?", null);
        await().atMost(20, TimeUnit.SECONDS).until(() -> slack.posted().size() == 1);
        assertThat(slack.calls("apps.connections.open")).hasSize(2);
    }

    @Test
    void aBotTokenWhereTheAppLevelTokenBelongsStopsTheChannelWithAClearError() throws Exception {
        slack = new FakeSlack(BOT, APP);
        turns = new AgentTurns(ws, "[{\"text\": \"x\"}]");
        manager = start(config(List.of("*"), BOT));
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e -> e instanceof ChannelEvent.Error));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ChannelEvent.Error.class, er -> assertThat(er.message())
                .isEqualTo("slack: apps.connections.open refused the app-level token (not_allowed_token_type); the channel stopped")));
        assertThat(slack.connections()).isZero();
    }

    @Test
    void markdownBecomesMrkdwnAndCodeKeepsItsText() {
        assertThat(SlackText.render("# Plan\n**bold** and *it* and ~~old~~ & <tag>\n```\na < b && **c**\n```"))
                .isEqualTo("*Plan*\n*bold* and _it_ and ~old~ &amp; &lt;tag&gt;\n```\na &lt; b &amp;&amp; **c**\n```");
    }
}
