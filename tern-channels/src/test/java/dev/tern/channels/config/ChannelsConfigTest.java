package dev.tern.channels.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.json.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ChannelsConfigTest {

    private static JsonNode nanobot() throws Exception {
        try (InputStream in = ChannelsConfigTest.class.getResourceAsStream("/nanobot-config.json")) {
            return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aNanobotConfigsChannelSectionLoadsWithWarningsForWhatTernDoesNotRun() throws Exception {
        ChannelsConfig c = ChannelsConfig.parse(nanobot().get("channels"), "config.json");
        EmailConfig e = c.email();
        assertThat(e.enabled()).isTrue();
        assertThat(e.consentGranted()).isTrue();
        assertThat(e.imapHost()).isEqualTo("imap.example.com");
        assertThat(e.imapPort()).isEqualTo(993);
        assertThat(e.imapUseSsl()).isTrue();
        assertThat(e.smtpPort()).isEqualTo(587);
        assertThat(e.smtpUseTls()).isTrue();
        assertThat(e.smtpUseSsl()).isFalse();
        assertThat(e.fromAddress()).isEqualTo("bot@example.com");
        assertThat(e.pollIntervalSeconds()).isEqualTo(30);
        assertThat(e.maxBodyChars()).isEqualTo(12000);
        assertThat(e.allowFrom()).containsExactly("me@example.com");
        assertThat(e.missingKeys()).isEmpty();
        assertThat(e.toString()).doesNotContain("imap-secret").doesNotContain("smtp-secret");

        TelegramConfig t = c.telegram();
        assertThat(t.enabled()).isTrue();
        assertThat(t.token()).isEqualTo("123456:ABC-DEF");
        assertThat(t.allowFrom()).containsExactly("12345678", "alice");
        assertThat(t.proxy()).isNull();
        assertThat(t.apiBase()).isEqualTo(TelegramConfig.DEFAULT_API_BASE);
        assertThat(t.toString()).doesNotContain("ABC-DEF");
        assertThat(c.webhook().enabled()).isFalse();
        assertThat(c.sendProgress()).isTrue();

        SlackConfig sl = c.slack();
        assertThat(sl.enabled()).isTrue();
        assertThat(sl.botToken()).isEqualTo("xoxb-1");
        assertThat(sl.appToken()).isEqualTo("xapp-1");
        assertThat(sl.allowFrom()).containsExactly("U1");
        assertThat(sl.groupPolicy()).isEqualTo("mention");
        assertThat(sl.replyInThread()).isTrue();
        assertThat(sl.apiBase()).isEqualTo(SlackConfig.DEFAULT_API_BASE);
        assertThat(sl.toString()).doesNotContain("xoxb-1").doesNotContain("xapp-1");

        assertThat(c.matrix().enabled()).isFalse();
        assertThat(c.matrix().homeserver()).isEqualTo("https://matrix.org");

        assertThat(c.whatsapp().enabled()).isFalse();
        assertThat(c.whatsapp().bridgeUrl()).isEqualTo("ws://localhost:3001");
        assertThat(c.whatsapp().groupPolicy()).isEqualTo("mention");

        assertThat(c.warnings()).contains("config.json: channel 'channels.qq' is not supported by Tern; ignored");
        DiscordConfig dc = c.discord();
        assertThat(dc.enabled()).isFalse();
        assertThat(dc.intents()).isEqualTo(37377).isEqualTo(DiscordConfig.DEFAULT_INTENTS);
        assertThat(dc.gatewayUrl()).isEqualTo(DiscordConfig.DEFAULT_GATEWAY);
        assertThat(dc.groupPolicy()).isEqualTo("mention");
        assertThat(dc.apiBase()).isEqualTo(DiscordConfig.DEFAULT_API_BASE);

        assertThat(c.dingtalk().enabled()).isFalse();
        assertThat(c.dingtalk().apiBase()).isEqualTo(DingTalkConfig.DEFAULT_API_BASE);

        assertThat(c.warnings()).hasSize(3).noneMatch(w -> w.contains("email") || w.contains("telegram") || w.contains("slack")
                || w.contains("discord") || w.contains("matrix") || w.contains("dingtalk") || w.contains("whatsapp"));
    }

    @Test
    void aSlackModeOrGroupPolicyTernDoesNotRunIsAOneLineErrorNamingTheKey() {
        assertThatThrownBy(() -> ChannelsConfig.parse(Json.parse("{\"slack\": {\"enabled\": true, \"mode\": \"http\"}}"), "c.json"))
                .isInstanceOf(ChannelConfigException.class)
                .hasMessage("c.json: 'channels.slack.mode' must be \"socket\" (Socket Mode, the only mode Tern runs), got \"http\"");
        assertThatThrownBy(() -> ChannelsConfig.parse(Json.parse("{\"slack\": {\"group_policy\": \"allowlist\"}}"), "c.json"))
                .isInstanceOf(ChannelConfigException.class)
                .hasMessage("c.json: 'channels.slack.groupPolicy' must be \"mention\" or \"open\", got \"allowlist\"");
    }

    @Test
    void snakeCaseKeysReadTheSame() {
        ChannelsConfig c = ChannelsConfig.parse(Json.parse("""
                {"send_progress": false, "send_tool_hints": true,
                 "email": {"enabled": true, "consent_granted": true, "imap_host": "h", "imap_port": "1143", "imap_username": "u",
                           "imap_password": "p", "imap_use_ssl": false, "smtp_host": "s", "smtp_port": 2525, "smtp_use_tls": false,
                           "from_address": "bot@x", "poll_interval_seconds": 5, "mark_seen": false, "max_body_chars": 500,
                           "allow_from": ["a@x"]},
                 "telegram": {"enabled": true, "token": "t", "allow_from": [42], "reply_to_message": true,
                              "api_base": "http://127.0.0.1:9/", "poll_timeout_seconds": 1}}"""), "c.json");
        assertThat(c.sendProgress()).isFalse();
        assertThat(c.sendToolHints()).isTrue();
        assertThat(c.email().imapPort()).isEqualTo(1143);
        assertThat(c.email().imapUseSsl()).isFalse();
        assertThat(c.email().smtpPort()).isEqualTo(2525);
        assertThat(c.email().markSeen()).isFalse();
        assertThat(c.email().maxBodyChars()).isEqualTo(500);
        assertThat(c.email().allowFrom()).containsExactly("a@x");
        assertThat(c.telegram().allowFrom()).containsExactly("42");
        assertThat(c.telegram().replyToMessage()).isTrue();
        assertThat(c.telegram().apiBase()).isEqualTo("http://127.0.0.1:9");
        assertThat(c.telegram().pollTimeoutSeconds()).isEqualTo(1);
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void wrongTypesAreOneLineErrorsNamingTheKeyPathAndUnknownKeysAreWarnings() {
        assertThatThrownBy(() -> ChannelsConfig.parse(Json.parse("{\"email\": {\"imapPort\": \"nine\"}}"), "config.json"))
                .isInstanceOf(ChannelConfigException.class)
                .hasMessage("config.json: 'channels.email.imapPort' must be an integer, got string");
        assertThatThrownBy(() -> ChannelsConfig.parse(Json.parse("{\"telegram\": {\"allowFrom\": {\"a\": 1}}}"), "config.json"))
                .hasMessage("config.json: 'channels.telegram.allowFrom' must be an array of strings, got object");
        assertThatThrownBy(() -> ChannelsConfig.parse(Json.parse("{\"email\": {\"smtpPort\": 70000}}"), "config.json"))
                .hasMessage("config.json: 'channels.email.smtpPort' must be between 1 and 65535, got 70000");
        assertThatThrownBy(() -> ChannelsConfig.parse(Json.parse("{\"email\": true}"), "config.json"))
                .hasMessage("config.json: 'channels.email' must be an object, got boolean");
        ChannelsConfig c = ChannelsConfig.parse(Json.parse("{\"email\": {\"imapHots\": \"typo\"}, \"fax\": 1}"), "config.json");
        assertThat(c.warnings()).containsExactlyInAnyOrder("config.json: unknown key 'channels.email.imapHots' ignored",
                "config.json: unknown key 'channels.fax' ignored");
        assertThat(ChannelsConfig.none().email().enabled()).isFalse();
    }

    @Test
    void heartbeatReadsTernsSectionAndNanobotsGatewayHeartbeat() throws Exception {
        HeartbeatConfig nano = HeartbeatConfig.parse(nanobot().path("gateway").get("heartbeat"), "gateway.heartbeat", "config.json");
        assertThat(nano.enabled()).isTrue();
        assertThat(nano.interval()).isEqualTo(Duration.ofMinutes(30));
        HeartbeatConfig tern = HeartbeatConfig.parse(Json.parse("{\"interval_minutes\": 5, \"deliverTo\": \"telegram:42\"}"), "heartbeat", "c.json");
        assertThat(tern.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(tern.deliverTo()).isEqualTo("telegram:42");
        assertThat(HeartbeatConfig.parse(null, "heartbeat", "c.json").interval()).isEqualTo(HeartbeatConfig.DEFAULT_INTERVAL);
        assertThatThrownBy(() -> HeartbeatConfig.parse(Json.parse("{\"deliverTo\": \"nowhere\"}"), "heartbeat", "c.json"))
                .hasMessage("c.json: 'heartbeat.deliverTo' must be <channel>:<chatId>, got 'nowhere'");
    }
}
