package dev.tern.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.channels.config.ChannelsConfig;
import dev.tern.json.Json;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelsTest {

    @TempDir Path state;

    @Test
    void theEnabledChannelsOfAConfigAreBuiltAndDisabledOnesAreNot() {
        ChannelsConfig cfg = ChannelsConfig.parse(Json.parse("""
                {"email": {"enabled": true, "consentGranted": true, "allowFrom": ["Me@Example.org"]},
                 "telegram": {"enabled": true, "token": "1:x", "allowFrom": ["42"], "apiBase": "http://127.0.0.1:9"},
                 "webhook": {"enabled": false, "secret": "s"}}"""), "config.json");
        assertThat(Channels.fromConfig(cfg, null, state, Clock.systemUTC())).extracting(Channel::name).containsExactly("email", "telegram");
        Channel email = Channels.fromConfig(cfg, null, state, Clock.systemUTC()).get(0);
        assertThat(email.allowList().allows("me@example.org")).isTrue();
        assertThat(email.sendsProgress()).isFalse();
        ChannelManager m = Channels.manager(cfg, (r, p) -> Reply.of("x"), state, null);
        m.start();
        assertThat(m.startFailures()).containsOnlyKeys("email");  // no IMAP host configured: says so, telegram runs
        assertThat(m.startFailures().get("email")).contains("missing channels.email.imapHost");
        assertThat(m.running()).containsExactly("telegram");
        m.close();
    }

    @Test
    void everyChatAppOfANanobotConfigIsBuiltFromItsOwnSectionAndOneWithoutCredentialsSaysWhichAreMissing() {
        ChannelsConfig cfg = ChannelsConfig.parse(Json.parse("""
                {"slack": {"enabled": true, "mode": "socket", "botToken": "xoxb-1", "appToken": "", "allowFrom": ["U1"]},
                 "discord": {"enabled": true, "token": "t", "allowFrom": ["1"], "gatewayUrl": "ws://127.0.0.1:9/gw"},
                 "matrix": {"enabled": true, "homeserver": "http://127.0.0.1:9", "accessToken": "a", "allowFrom": ["@a:x"]},
                 "dingtalk": {"enabled": true, "clientId": "c", "clientSecret": "", "allowFrom": ["s"]},
                 "whatsapp": {"enabled": true, "bridgeUrl": "ws://127.0.0.1:9", "bridgeToken": "b", "allowFrom": ["86"]}}"""),
                "config.json");
        assertThat(cfg.warnings()).isEmpty();
        assertThat(Channels.fromConfig(cfg, null, state, Clock.systemUTC())).extracting(Channel::name)
                .containsExactly("slack", "discord", "matrix", "dingtalk", "whatsapp");
        ChannelManager m = Channels.manager(cfg, (r, p) -> Reply.of("x"), state, null);
        m.start();
        assertThat(m.startFailures()).containsOnlyKeys("slack", "dingtalk");
        assertThat(m.startFailures().get("slack")).contains("channels.slack.appToken is empty");
        assertThat(m.startFailures().get("dingtalk")).contains("clientId and clientSecret are needed");
        assertThat(m.running()).containsExactlyInAnyOrder("discord", "matrix", "whatsapp");   // nothing listens: they retry
        m.close();
    }
}
