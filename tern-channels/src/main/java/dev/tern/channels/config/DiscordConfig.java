package dev.tern.channels.config;

import java.util.List;

/**
 * {@code channels.discord}: nanobot's keys plus one of Tern's.
 *
 * @param enabled     run the channel
 * @param token       the bot token (Developer Portal, Bot tab)
 * @param allowFrom   Discord user ids ({@code "80351110224678912"}) or usernames allowed, {@code "*"}; empty = nobody
 * @param gatewayUrl  the Gateway WebSocket URL ({@code wss://gateway.discord.gg/?v=10&encoding=json})
 * @param intents     the Gateway intents (nanobot's 37377: guilds, guild messages, direct messages, message content)
 * @param groupPolicy in servers (not direct messages): {@code mention} answers only messages that mention the bot,
 *                    {@code open} every message
 * @param apiBase     Tern: the REST API base URL (default {@code https://discord.com/api/v10}), for a test server
 */
public record DiscordConfig(boolean enabled, String token, List<String> allowFrom, String gatewayUrl, int intents,
                            String groupPolicy, String apiBase) {

    public static final String DEFAULT_GATEWAY = "wss://gateway.discord.gg/?v=10&encoding=json";
    public static final String DEFAULT_API_BASE = "https://discord.com/api/v10";
    /** Guilds, guild messages, direct messages and message content: what a chat assistant needs. */
    public static final int DEFAULT_INTENTS = 1 | 1 << 9 | 1 << 12 | 1 << 15;

    public DiscordConfig {
        allowFrom = List.copyOf(allowFrom);
    }

    static DiscordConfig parse(Section s) {
        String policy = s.groupPolicy();
        return new DiscordConfig(s.flag("enabled", false), s.text("token", ""), s.texts("allowFrom"),
                s.text("gatewayUrl", DEFAULT_GATEWAY), s.integer("intents", DEFAULT_INTENTS, 0, Integer.MAX_VALUE), policy,
                TelegramConfig.stripSlash(s.text("apiBase", DEFAULT_API_BASE)));
    }

    @Override
    public String toString() {  // never print the token
        return "DiscordConfig[enabled=" + enabled + ", token=" + (token.isEmpty() ? "" : "***") + ", allowFrom=" + allowFrom
                + ", gatewayUrl=" + gatewayUrl + ", intents=" + intents + ", groupPolicy=" + groupPolicy + ", apiBase=" + apiBase + "]";
    }
}
