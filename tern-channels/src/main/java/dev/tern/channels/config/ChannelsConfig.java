package dev.tern.channels.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The {@code channels} section of {@code ~/.tern/config.json}, in nanobot's shape:
 * {@code {"sendProgress": true, "email": {...}, "telegram": {...}, "slack": {...}, "discord": {...}, "matrix": {...},
 * "dingtalk": {...}, "whatsapp": {...}, "webhook": {...}}}. Channels Tern does not implement (feishu, qq ...) are ignored with a warning, never an error, so a
 * nanobot config loads as it is.
 *
 * @param sendProgress  send the model's intermediate text to chats
 * @param sendToolHints send tool-call hints to chats
 * @param email         {@code channels.email} (defaults, disabled, when absent)
 * @param telegram      {@code channels.telegram}
 * @param slack         {@code channels.slack}
 * @param discord       {@code channels.discord}
 * @param matrix        {@code channels.matrix}
 * @param dingtalk      {@code channels.dingtalk}
 * @param whatsapp      {@code channels.whatsapp} (through nanobot's bridge)
 * @param webhook       {@code channels.webhook}
 * @param warnings      one line per ignored key or channel
 */
public record ChannelsConfig(boolean sendProgress, boolean sendToolHints, EmailConfig email, TelegramConfig telegram,
                             SlackConfig slack, DiscordConfig discord, MatrixConfig matrix, DingTalkConfig dingtalk,
                             WhatsAppConfig whatsapp, WebhookConfig webhook, List<String> warnings) {

    private static final Set<String> NANOBOT_ONLY = Set.of("feishu", "mochat",
            "qq", "wecom", "weixin", "line", "imessage", "websocket", "signal", "googleChat", "google_chat");

    public ChannelsConfig {
        warnings = List.copyOf(warnings);
    }

    /** Every channel disabled. */
    public static ChannelsConfig none() { return parse(null, "config"); }

    /**
     * Reads the section.
     *
     * @param channels the {@code channels} object, or null when the config has none
     * @param source   the file name, for messages
     * @throws ChannelConfigException one line naming the key path, for a value of the wrong type or range
     */
    public static ChannelsConfig parse(JsonNode channels, String source) {
        Section s = new Section(channels, "channels", source);
        List<String> warnings = new ArrayList<>();
        boolean progress = s.flag("sendProgress", true);
        boolean hints = s.flag("sendToolHints", false);
        Section emailSection = s.section("email");
        Section telegramSection = s.section("telegram");
        Section slackSection = s.section("slack");
        Section discordSection = s.section("discord");
        Section matrixSection = s.section("matrix");
        Section dingtalkSection = s.section("dingtalk");
        Section whatsappSection = s.section("whatsapp");
        Section webhookSection = s.section("webhook");
        EmailConfig email = EmailConfig.parse(emailSection);
        TelegramConfig telegram = TelegramConfig.parse(telegramSection);
        SlackConfig slack = SlackConfig.parse(slackSection);
        DiscordConfig discord = DiscordConfig.parse(discordSection);
        MatrixConfig matrix = MatrixConfig.parse(matrixSection);
        DingTalkConfig dingtalk = DingTalkConfig.parse(dingtalkSection);
        WhatsAppConfig whatsapp = WhatsAppConfig.parse(whatsappSection);
        WebhookConfig webhook = WebhookConfig.parse(webhookSection);
        for (String k : s.keys()) {
            if (NANOBOT_ONLY.contains(k) || NANOBOT_ONLY.contains(Section.snakeCase(k))) {
                JsonNode v = s.get(k);
                boolean on = v != null && v.isObject() && v.path("enabled").asBoolean(false);
                warnings.add(source + ": channel '" + s.keyPath(k) + "' is not supported by Tern" + (on ? " (enabled there)" : "")
                        + "; ignored");
            }
        }
        s.unknownKeys(warnings);
        emailSection.unknownKeys(warnings);
        telegramSection.unknownKeys(warnings);
        slackSection.unknownKeys(warnings);
        discordSection.unknownKeys(warnings);
        matrixSection.unknownKeys(warnings);
        dingtalkSection.unknownKeys(warnings);
        whatsappSection.unknownKeys(warnings);
        webhookSection.unknownKeys(warnings);
        return new ChannelsConfig(progress, hints, email, telegram, slack, discord, matrix, dingtalk, whatsapp, webhook, warnings);
    }
}
