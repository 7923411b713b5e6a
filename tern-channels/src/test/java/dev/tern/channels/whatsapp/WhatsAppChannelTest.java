package dev.tern.channels.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tern.channels.ChannelEvent;
import dev.tern.channels.ChannelManager;
import dev.tern.channels.config.WhatsAppConfig;
import dev.tern.channels.testutil.AgentTurns;
import dev.tern.channels.testutil.FakeWhatsAppBridge;
import dev.tern.channels.testutil.TestManagers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The WhatsApp channel against a stand-in for nanobot's bridge, answering with real agent turns on the simulator. */
class WhatsAppChannelTest {

    private static final String TOKEN = "bridge-secret";
    private static final String ALICE = "8613800000000@s.whatsapp.net";
    @TempDir Path ws;
    private final List<ChannelEvent> events = new CopyOnWriteArrayList<>();
    private FakeWhatsAppBridge bridge;
    private AgentTurns turns;
    private ChannelManager manager;

    private WhatsAppChannel channel(String token) {
        return new WhatsAppChannel(new WhatsAppConfig(true, bridge.url(), token, List.of("8613800000000", "120363000000@g.us"), "mention"), null);
    }

    @AfterEach
    void stop() {
        if (manager != null) manager.close();
        if (turns != null) turns.close();
        if (bridge != null) bridge.close();
    }

    @Test
    void aMessageIsAnsweredThroughTheBridgeWithTypingAndOnlyAllowedOrMentionedOnesAreTurns() throws Exception {
        bridge = new FakeWhatsAppBridge(TOKEN);
        turns = new AgentTurns(ws, "[{\"text\": \"Hi Alice!\", \"latency\": {\"ttftMs\": 300}}]");
        manager = TestManagers.started(turns, ws, events, channel(TOKEN));
        await().atMost(20, TimeUnit.SECONDS).until(bridge::authenticated);

        bridge.qr();   // not linked yet: said once, the channel keeps running
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e -> e instanceof ChannelEvent.Error er
                && er.message().startsWith("whatsapp: the bridge is not linked to an account yet")));

        bridge.message(ALICE, "", "hello there", false, false);
        await().atMost(20, TimeUnit.SECONDS).until(() -> bridge.commands("send").size() == 1);
        JsonNode send = bridge.commands("send").getFirst();
        assertThat(send.path("to").asString()).isEqualTo(ALICE);
        assertThat(send.path("text").asString()).isEqualTo("Hi Alice!");
        List<JsonNode> all = bridge.commands();
        assertThat(all.getFirst().path("type").asString()).as("typing while the turn runs, before the answer").isEqualTo("presence");
        assertThat(all.getFirst().path("presence").asString()).isEqualTo("composing");

        bridge.message("120363000000@g.us", "", "chatting among ourselves", true, false);   // a group, not mentioned
        bridge.message("4915100000000@s.whatsapp.net", "", "send me the files", false, false);
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e -> e instanceof ChannelEvent.Denied));
        bridge.message("120363000000@g.us", "", "@tern what is 2 + 2?", true, true);
        await().atMost(20, TimeUnit.SECONDS).until(() -> bridge.commands("send").size() == 2);
        assertThat(bridge.commands("send").get(1).path("to").asString()).isEqualTo("120363000000@g.us");
        assertThat(turns.requests).extracting(r -> r.text()).containsExactly("hello there", "@tern what is 2 + 2?");
    }

    @Test
    void aRestartedBridgeIsConnectedToAgainAndARefusedSendIsReported() throws Exception {
        bridge = new FakeWhatsAppBridge(TOKEN);
        turns = new AgentTurns(ws, "[{\"text\": \"noted\"}]");
        manager = TestManagers.started(turns, ws, events, channel(TOKEN));
        await().atMost(20, TimeUnit.SECONDS).until(bridge::authenticated);
        bridge.restart();
        await().atMost(20, TimeUnit.SECONDS).until(() -> bridge.connections() == 2 && bridge.authenticated());

        bridge.failNextSend();
        bridge.message(ALICE, "", "hi", false, false);
        await().atMost(20, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e -> e instanceof ChannelEvent.SendFailed));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ChannelEvent.SendFailed.class,
                f -> assertThat(f.reason()).contains("whatsapp send: the bridge says Error: not-authorized")));
    }

    @Test
    void aRefusedTokenStopsTheChannelWithAClearError() throws Exception {
        bridge = new FakeWhatsAppBridge(TOKEN);
        turns = new AgentTurns(ws, "[{\"text\": \"x\"}]");
        manager = TestManagers.started(turns, ws, events, channel("wrong"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e -> e instanceof ChannelEvent.Error));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ChannelEvent.Error.class, er -> assertThat(er.message())
                .isEqualTo("whatsapp: the bridge refused the token (4003 Invalid token); the channel stopped")));
        assertThat(bridge.connections()).isEqualTo(1);
    }
}
