package dev.tern.channels.dingtalk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tern.channels.ChannelEvent;
import dev.tern.channels.ChannelManager;
import dev.tern.channels.OutboundMessage;
import dev.tern.channels.SendException;
import dev.tern.channels.config.DingTalkConfig;
import dev.tern.channels.testutil.AgentTurns;
import dev.tern.channels.testutil.FakeDingTalk;
import dev.tern.channels.testutil.TestManagers;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The DingTalk channel in Stream Mode against a local DingTalk, answering with real agent turns on the simulator. */
class DingTalkChannelTest {

    private static final String ID = "dingtestclient";
    private static final String SECRET = "test-secret";
    @TempDir Path ws;
    private final List<ChannelEvent> events = new CopyOnWriteArrayList<>();
    private FakeDingTalk dingtalk;
    private AgentTurns turns;
    private ChannelManager manager;

    private DingTalkChannel channel(String secret) {
        return new DingTalkChannel(new DingTalkConfig(true, ID, secret, List.of("staff-1"), ID, dingtalk.apiBase()), null,
                ws.resolve(".tern/channels"), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (manager != null) manager.close();
        if (turns != null) turns.close();
        if (dingtalk != null) dingtalk.close();
    }

    private boolean acked(String messageId) {
        return dingtalk.acks().stream().anyMatch(a -> a.path("headers").path("messageId").asString("").equals(messageId));
    }

    @Test
    void aMessageIsAnsweredInItsReplyWindowAndEveryFrameIsAcknowledged() throws Exception {
        dingtalk = new FakeDingTalk(ID, SECRET);
        turns = new AgentTurns(ws, "[{\"text\": \"## Plan\\nHi **Li**!\"}]");
        manager = TestManagers.started(turns, ws, events, channel(SECRET));
        await().atMost(20, TimeUnit.SECONDS).until(() -> dingtalk.connections() == 1);

        String ping = dingtalk.ping();
        await().atMost(10, TimeUnit.SECONDS).until(() -> acked(ping));
        JsonNode pong = dingtalk.acks().stream().filter(a -> a.path("headers").path("messageId").asString().equals(ping)).findFirst().orElseThrow();
        assertThat(pong.path("code").asInt()).isEqualTo(200);
        assertThat(pong.path("data").asString()).startsWith("{\"opaque\":");   // the ping's data, sent back

        String frame = dingtalk.userWrites("cid-1", "1", "staff-1", "Li", "hello there", "m-1");
        await().atMost(20, TimeUnit.SECONDS).until(() -> dingtalk.answers().size() == 1);
        JsonNode answer = dingtalk.answers().getFirst();
        assertThat(answer.path("session").asString()).isEqualTo("cid-1");
        assertThat(answer.path("msgtype").asString()).isEqualTo("markdown");
        assertThat(answer.path("markdown").path("title").asString()).isEqualTo("Plan");
        assertThat(answer.path("markdown").path("text").asString()).isEqualTo("## Plan\nHi **Li**!");
        assertThat(acked(frame)).isTrue();

        String again = dingtalk.userWrites("cid-1", "1", "staff-1", "Li", "hello there", "m-1");   // the same message again
        String stranger = dingtalk.userWrites("cid-9", "1", "staff-9", "Wang", "send me the files", "m-9");
        await().atMost(10, TimeUnit.SECONDS).until(() -> acked(again) && acked(stranger));
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains(new ChannelEvent.Denied("dingtalk", "cid-9", "staff-9|Wang")));
        assertThat(dingtalk.answers()).hasSize(1);
        assertThat(turns.requests).extracting(r -> r.text()).containsExactly("hello there");
    }

    @Test
    void aDisconnectIsANewConnectionWithANewTicketAndTooFastIsRetried() throws Exception {
        dingtalk = new FakeDingTalk(ID, SECRET);
        turns = new AgentTurns(ws, "[{\"text\": \"noted\"}]");
        manager = TestManagers.started(turns, ws, events, channel(SECRET));
        await().atMost(20, TimeUnit.SECONDS).until(() -> dingtalk.connections() == 1);
        dingtalk.disconnect();
        await().atMost(20, TimeUnit.SECONDS).until(() -> dingtalk.connections() == 2);
        assertThat(dingtalk.tickets()).hasSize(2).doesNotHaveDuplicates();

        dingtalk.tooFastNext();
        dingtalk.userWrites("group-1", "2", "staff-1", "Li", "what is 2 + 2?", "m-2");
        await().atMost(20, TimeUnit.SECONDS).until(() -> dingtalk.answers().size() == 1);
        assertThat(events).anyMatch(e -> e instanceof ChannelEvent.SendRetrying);
        assertThat(turns.requests).extracting(r -> r.text()).containsExactly("what is 2 + 2?");
    }

    @Test
    void withTheReplyWindowClosedTheRobotApiWritesFirstAlsoAfterARestart() throws Exception {
        dingtalk = new FakeDingTalk(ID, SECRET);
        turns = new AgentTurns(ws, "[{\"text\": \"# Done\\nAll good.\"}]");
        dingtalk.replyWindow(0);   // closed by the time the answer is ready
        manager = TestManagers.started(turns, ws, events, channel(SECRET));
        await().atMost(20, TimeUnit.SECONDS).until(() -> dingtalk.connections() == 1);
        dingtalk.userWrites("cid-1", "1", "staff-1", "Li", "check the build", "m-1");
        dingtalk.userWrites("group-1", "2", "staff-1", "Li", "and tell the team", "m-2");
        await().atMost(20, TimeUnit.SECONDS).until(() -> dingtalk.robotSends().size() == 2);
        JsonNode direct = dingtalk.robotSends().stream().filter(r -> r.path("path").asString().endsWith("oToMessages/batchSend"))
                .findFirst().orElseThrow();
        assertThat(direct.path("userIds").get(0).asString()).isEqualTo("staff-1");
        assertThat(direct.path("robotCode").asString()).isEqualTo(ID);
        assertThat(direct.path("msgKey").asString()).isEqualTo("sampleMarkdown");
        JsonNode param = dev.tern.json.Json.parse(direct.path("msgParam").asString());
        assertThat(param.path("title").asString()).isEqualTo("Done");
        assertThat(param.path("text").asString()).isEqualTo("# Done\nAll good.");
        assertThat(dingtalk.robotSends()).anySatisfy(r -> {
            assertThat(r.path("path").asString()).endsWith("groupMessages/send");
            assertThat(r.path("openConversationId").asString()).isEqualTo("group-1");
        });
        assertThat(dingtalk.answers()).isEmpty();

        manager.close();   // a restart: what the conversations are was kept
        manager = null;
        DingTalkChannel restarted = channel(SECRET);
        restarted.start(m -> dev.tern.channels.InboundSink.Intake.QUEUED);
        try {
            restarted.send(OutboundMessage.to("cid-1", "good morning"));
            assertThat(dingtalk.robotSends()).hasSize(3);
            SendException e = org.assertj.core.api.Assertions.catchThrowableOfType(SendException.class,
                    () -> restarted.send(OutboundMessage.to("cid-never-wrote", "good morning")));
            assertThat(e.isTransient()).isFalse();
            assertThat(e.getMessage()).startsWith("dingtalk: conversation cid-never-wrote is unknown");
        } finally {
            restarted.close();
        }
    }

    @Test
    void refusedCredentialsStopTheChannelWithAClearError() throws Exception {
        dingtalk = new FakeDingTalk(ID, SECRET);
        turns = new AgentTurns(ws, "[{\"text\": \"x\"}]");
        manager = TestManagers.started(turns, ws, events, channel("wrong"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e -> e instanceof ChannelEvent.Error));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ChannelEvent.Error.class, er -> assertThat(er.message())
                .isEqualTo("dingtalk: the gateway refused the app's credentials (HTTP 401 InvalidAuthentication clientId or clientSecret"
                        + " is invalid); the channel stopped")));
        assertThat(dingtalk.connections()).isZero();
    }
}
