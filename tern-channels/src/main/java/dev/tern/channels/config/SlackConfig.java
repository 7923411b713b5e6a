package dev.tern.channels.config;

import java.util.List;

/**
 * {@code channels.slack}: nanobot's keys for Socket Mode plus one of Tern's.
 *
 * @param enabled       run the channel
 * @param botToken      the bot token ({@code xoxb-...}): posts the answers
 * @param appToken      the app-level token ({@code xapp-...}, scope {@code connections:write}): opens the Socket Mode connection
 * @param allowFrom     Slack user ids allowed ({@code "U012AB3CD"}, {@code "*"}); empty = nobody (fail closed)
 * @param groupPolicy   in channels (not direct messages): {@code mention} answers only messages that mention the bot,
 *                      {@code open} every message
 * @param replyInThread answers in a channel go to the message's thread (direct messages are answered in place)
 * @param apiBase       Tern: the Web API base URL (default {@code https://slack.com/api}), for a test server
 */
public record SlackConfig(boolean enabled, String botToken, String appToken, List<String> allowFrom, String groupPolicy,
                          boolean replyInThread, String apiBase) {

    public static final String DEFAULT_API_BASE = "https://slack.com/api";

    public SlackConfig {
        allowFrom = List.copyOf(allowFrom);
    }

    static SlackConfig parse(Section s) {
        String mode = s.text("mode", "socket");
        if (!mode.equals("socket")) {
            throw new ChannelConfigException(s.source() + ": '" + s.keyPath("mode") + "' must be \"socket\" (Socket Mode, the only"
                    + " mode Tern runs), got \"" + mode + "\"");
        }
        String policy = s.groupPolicy();
        return new SlackConfig(s.flag("enabled", false), s.text("botToken", ""), s.text("appToken", ""), s.texts("allowFrom"),
                policy, s.flag("replyInThread", true), TelegramConfig.stripSlash(s.text("apiBase", DEFAULT_API_BASE)));
    }

    @Override
    public String toString() {  // never print the tokens
        return "SlackConfig[enabled=" + enabled + ", botToken=" + (botToken.isEmpty() ? "" : "***") + ", appToken="
                + (appToken.isEmpty() ? "" : "***") + ", allowFrom=" + allowFrom + ", groupPolicy=" + groupPolicy
                + ", replyInThread=" + replyInThread + ", apiBase=" + apiBase + "]";
    }
}
