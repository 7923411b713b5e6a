package dev.tern.channels.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tern.channels.ChannelEvent;
import dev.tern.channels.ChannelManager;
import dev.tern.channels.config.DiscordConfig;
import dev.tern.channels.testutil.AgentTurns;
import dev.tern.channels.testutil.TestManagers;
import dev.tern.channels.testutil.FakeDiscord;
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

/** The Discord channel against a local Gateway and REST API, answering with real agent turns on the simulator. */
class DiscordChannelTest {

    private static final String TOKEN = "MTAw.test.token";
    private static final String MENTION = "<@" + FakeDiscord.BOT_USER + ">";
    @TempDir Path ws;
    private final List<ChannelEvent> events = new CopyOnWriteArrayList<>();
    private FakeDiscord discord;
    private AgentTurns turns;
    private ChannelManager manager;

    private DiscordConfig config(String token, List<String> allowFrom) {
        return new DiscordConfig(true, token, allowFrom, discord.gatewayUrl(), DiscordConfig.DEFAULT_INTENTS, "mention", discord.apiBase());
    }

    private ChannelManager start(DiscordConfig cfg) {
        return TestManagers.started(turns, ws, events, new DiscordChannel(cfg, null));
    }

    @AfterEach
    void stop() {
        if (manager != null) manager.close();
        if (turns != null) turns.close();
        if (discord != null) discord.close();
    }

    @Test
    void aDirectMessageIsAnsweredAsAReplyWhileTypingShowsAndNoBotOrStrangerIsATurn() throws Exception {
        discord = new FakeDiscord(TOKEN);
        turns = new AgentTurns(ws, "[{\"text\": \"Hello @everyone, **Alice**!\", \"latency\": {\"ttftMs\": 300}}]");
        manager = start(config(TOKEN, List.of("alice")));
        await().atMost(20, TimeUnit.SECONDS).until(discord::ready);
        JsonNode identify = discord.sent(2).getFirst();
        assertThat(identify.path("d").path("intents").asInt()).isEqualTo(37377);   // nanobot's intents
        assertThat(identify.path("d").path("token").asString()).isEqualTo(TOKEN);

        String id = discord.userWrites("dm-1", null, "42", "alice", "hello there", false);
        await().atMost(20, TimeUnit.SECONDS).until(() -> discord.messages().size() == 1);
        JsonNode reply = discord.messages().getFirst();
        assertThat(reply.path("content").asString()).isEqualTo("Hello @everyone, **Alice**!");
        assertThat(reply.path("allowed_mentions").path("parse").isEmpty()).as("the answer pings nobody").isTrue();
        assertThat(reply.path("message_reference").path("message_id").asString()).isEqualTo(id);
        assertThat(discord.calls("/typing")).isNotEmpty();
        assertThat(discord.calls("/typing").getFirst().at()).isBefore(discord.calls("/messages").getFirst().at());

        discord.userWrites("dm-9", null, "666", "mallory", "send me the files", false);
        discord.userWrites("dm-1", null, "77", "otherbot", "I am a bot", true);
        discord.userWrites("dm-1", null, FakeDiscord.BOT_USER, "tern", "my own answer", false);
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains(new ChannelEvent.Denied("discord", "dm-9", "666|mallory")));
        // heartbeats carry the last sequence number: READY (1), then the four messages (2..5)
        await().atMost(10, TimeUnit.SECONDS).until(() -> discord.sent(1).stream().anyMatch(h -> h.path("d").asLong() == 5));
        assertThat(discord.messages()).hasSize(1);
        assertThat(turns.requests).extracting(r -> r.text()).containsExactly("hello there");
        assertThat(turns.sessions.open("discord:dm-1").messages()).filteredOn(m -> m instanceof UserMessage).hasSize(1);
    }

    @Test
    void inAServerOnlyAMentionIsATurnAndA429IsWaitedOut() throws Exception {
        discord = new FakeDiscord(TOKEN);
        turns = new AgentTurns(ws, "[{\"text\": \"Four.\"}]");
        manager = start(config(TOKEN, List.of("*")));
        await().atMost(20, TimeUnit.SECONDS).until(discord::ready);

        discord.userWrites("general", "guild-1", "42", "alice", "just chatting", false);
        discord.rateLimitNext(1.2);
        String asked = discord.userWrites("general", "guild-1", "42", "alice", MENTION + " what is 2 + 2?", false);
        await().atMost(20, TimeUnit.SECONDS).until(() -> discord.messages().size() == 1);
        assertThat(discord.messages().getFirst().path("message_reference").path("message_id").asString()).isEqualTo(asked);
        List<FakeDiscord.Call> posts = discord.calls("/messages");
        assertThat(posts.get(0).status()).isEqualTo(429);
        assertThat(posts.get(1).status()).isEqualTo(200);
        assertThat(Duration.between(posts.get(0).at(), posts.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));   // 1.2 s, whole seconds up
        assertThat(turns.requests).extracting(r -> r.text()).containsExactly("what is 2 + 2?");
    }

    @Test
    void aReconnectOrAGatewayGoingAwayIsResumedAndWhatCameMeanwhileIsAnswered() throws Exception {
        discord = new FakeDiscord(TOKEN);
        turns = new AgentTurns(ws, "[{\"text\": \"noted\"}]");
        manager = start(config(TOKEN, List.of("42")));
        await().atMost(20, TimeUnit.SECONDS).until(discord::ready);
        discord.userWrites("dm-1", null, "42", "alice", "first", false);
        await().atMost(20, TimeUnit.SECONDS).until(() -> discord.messages().size() == 1);

        discord.askToReconnect();
        await().atMost(20, TimeUnit.SECONDS).until(() -> discord.connections() == 2 && discord.ready());
        assertThat(discord.sent(6)).singleElement().satisfies(r -> {
            assertThat(r.path("d").path("session_id").asString()).isEqualTo("session-abc");
            assertThat(r.path("d").path("seq").asLong()).isEqualTo(2);
        });
        assertThat(discord.sent(2)).as("resumed, not identified again").hasSize(1);

        discord.goAway();
        discord.userWrites("dm-1", null, "42", "alice", "while you were away", false);   // kept for the resume
        await().atMost(30, TimeUnit.SECONDS).until(() -> discord.messages().size() == 2);
        assertThat(discord.sent(6)).hasSize(2);
        assertThat(turns.requests).extracting(r -> r.text()).containsExactly("first", "while you were away");
    }

    @Test
    void aRefusedTokenStopsTheChannelWithAClearError() throws Exception {
        discord = new FakeDiscord(TOKEN);
        turns = new AgentTurns(ws, "[{\"text\": \"x\"}]");
        manager = start(config("wrong", List.of("*")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e -> e instanceof ChannelEvent.Error));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ChannelEvent.Error.class, er -> assertThat(er.message())
                .isEqualTo("discord: the gateway refused the token (4004 Authentication failed.); the channel stopped")));
        assertThat(discord.connections()).isEqualTo(1);
    }
}
