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
}
