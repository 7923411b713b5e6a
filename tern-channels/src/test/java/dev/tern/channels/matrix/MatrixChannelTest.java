package dev.tern.channels.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tern.channels.ChannelEvent;
import dev.tern.channels.ChannelManager;
import dev.tern.channels.config.MatrixConfig;
import dev.tern.channels.testutil.AgentTurns;
import dev.tern.channels.testutil.TestManagers;
import dev.tern.channels.testutil.FakeMatrix;
import dev.tern.json.Json;
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
import tools.jackson.databind.node.ObjectNode;

/** The Matrix channel against a local homeserver, answering with real agent turns on the simulator. */
class MatrixChannelTest {

    private static final String TOKEN = "syt_test_token";
    private static final String ALICE = "@alice:localhost";
    @TempDir Path ws;
    private final List<ChannelEvent> events = new CopyOnWriteArrayList<>();
    private FakeMatrix matrix;
    private AgentTurns turns;
    private ChannelManager manager;

    private MatrixConfig config(String token) {
        return new MatrixConfig(true, matrix.homeserver(), token, List.of(ALICE), 1);
    }

    private ChannelManager start(MatrixConfig cfg) {
        return TestManagers.started(turns, ws, events, new MatrixChannel(cfg, null, ws.resolve(".tern/channels")));
    }

    @AfterEach
    void stop() {
        if (manager != null) manager.close();
        if (turns != null) turns.close();
        if (matrix != null) matrix.close();
    }

    @Test
    void historyIsNotATurnANewMessageIsAnsweredInHtmlAndARestartNeitherLosesNorRepeats() throws Exception {
        matrix = new FakeMatrix(TOKEN);
        turns = new AgentTurns(ws, "[{\"text\": \"Hi **Alice**,\\nsee `x < y`\", \"latency\": {\"ttftMs\": 300}}]");
        matrix.inRoom("!room:localhost");
        matrix.userWrites("!room:localhost", ALICE, "said before the bot came");
        manager = start(config(TOKEN));
        await().atMost(20, TimeUnit.SECONDS).until(() -> matrix.calls("/sync").stream().anyMatch(c -> c.query().containsKey("since")));

        String asked = matrix.userWrites("!room:localhost", ALICE, "hello there");
        await().atMost(20, TimeUnit.SECONDS).until(() -> matrix.sent().size() == 1);
        JsonNode reply = matrix.sent().getFirst();
        assertThat(reply.path("room").asString()).isEqualTo("!room:localhost");
        assertThat(reply.path("body").asString()).isEqualTo("Hi **Alice**,\nsee `x < y`");
        assertThat(reply.path("format").asString()).isEqualTo("org.matrix.custom.html");
        assertThat(reply.path("formatted_body").asString()).isEqualTo("Hi <b>Alice</b>,<br>see <code>x &lt; y</code>");
        assertThat(reply.path("m.relates_to").path("m.in_reply_to").path("event_id").asString()).isEqualTo(asked);
        assertThat(matrix.calls("/typing/")).isNotEmpty();
        assertThat(turns.requests).extracting(r -> r.text()).containsExactly("hello there");

        manager.close();
        assertThat(Files.readString(ws.resolve(".tern/channels/matrix.since")).strip()).startsWith("s");
        matrix.userWrites("!room:localhost", ALICE, "while you were away");
        manager = start(config(TOKEN));
        await().atMost(20, TimeUnit.SECONDS).until(() -> matrix.sent().size() == 2);
        assertThat(turns.requests).extracting(r -> r.text()).containsExactly("hello there", "while you were away");
    }

    @Test
    void invitationsFromAllowedPeopleAreJoinedAndNoBotNoticeEditOrStrangerIsATurn() throws Exception {
        matrix = new FakeMatrix(TOKEN);
        turns = new AgentTurns(ws, "[{\"text\": \"joined\"}]");
        manager = start(config(TOKEN));
        await().atMost(20, TimeUnit.SECONDS).until(() -> matrix.calls("/sync").stream().anyMatch(c -> c.query().containsKey("since")));

        matrix.invite("!mallory:localhost", "@mallory:localhost");
        matrix.invite("!alice:localhost", ALICE);
        await().atMost(20, TimeUnit.SECONDS).until(() -> matrix.joined().contains("!alice:localhost"));
        assertThat(matrix.joined()).doesNotContain("!mallory:localhost");

        matrix.userWrites("!alice:localhost", FakeMatrix.BOT, "my own words");
        ObjectNode notice = Json.object();
        notice.put("msgtype", "m.notice").put("body", "a bot's notice");
        matrix.event("!alice:localhost", ALICE, "m.room.message", notice);
        ObjectNode edit = Json.object();
        edit.put("msgtype", "m.text").put("body", "* fixed");
        edit.putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", "$old:localhost");
        matrix.event("!alice:localhost", ALICE, "m.room.message", edit);
        ObjectNode secret = Json.object();
        secret.put("algorithm", "m.megolm.v1.aes-sha2").put("ciphertext", "AwgAEn...");
        matrix.event("!alice:localhost", ALICE, "m.room.encrypted", secret);
        matrix.userWrites("!alice:localhost", "@bob:localhost", "and me?");
        matrix.userWrites("!alice:localhost", ALICE, "> <@bob:localhost> and me?\n\nwhat about bob");

        await().atMost(20, TimeUnit.SECONDS).until(() -> matrix.sent().size() == 1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains(new ChannelEvent.Denied("matrix", "!alice:localhost", "@bob:localhost")));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ChannelEvent.Error.class,
                er -> assertThat(er.message()).startsWith("matrix: room !alice:localhost is end-to-end encrypted")));
        assertThat(turns.requests).extracting(r -> r.text()).containsExactly("what about bob");
    }

    @Test
    void a429IsWaitedOutAndTheRetryIsTheSameTransaction() throws Exception {
        matrix = new FakeMatrix(TOKEN);
        turns = new AgentTurns(ws, "[{\"text\": \"noted\"}]");
        matrix.inRoom("!room:localhost");
        manager = start(config(TOKEN));
        await().atMost(20, TimeUnit.SECONDS).until(() -> matrix.calls("/sync").stream().anyMatch(c -> c.query().containsKey("since")));
        matrix.rateLimitNext(1500);
        matrix.userWrites("!room:localhost", ALICE, "hi");
        await().atMost(20, TimeUnit.SECONDS).until(() -> matrix.sent().size() == 1);
        List<FakeMatrix.Call> sends = matrix.calls("/send/m.room.message/");
        assertThat(sends).hasSize(2);
        assertThat(sends.get(0).status()).isEqualTo(429);
        assertThat(sends.get(1).path()).isEqualTo(sends.get(0).path());   // the same transaction id
        assertThat(Duration.between(sends.get(0).at(), sends.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void aRefusedTokenStopsTheChannelWithAClearError() throws Exception {
        matrix = new FakeMatrix(TOKEN);
        turns = new AgentTurns(ws, "[{\"text\": \"x\"}]");
        manager = start(config("wrong"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e -> e instanceof ChannelEvent.Error));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ChannelEvent.Error.class, er -> assertThat(er.message())
                .isEqualTo("matrix: the homeserver refused the access token (M_UNKNOWN_TOKEN); the channel stopped")));
        assertThat(matrix.calls("/sync")).isEmpty();
    }
}
