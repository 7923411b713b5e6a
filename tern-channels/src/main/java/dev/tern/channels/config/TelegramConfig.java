package dev.tern.channels.config;

import java.util.List;

/**
 * {@code channels.telegram}: nanobot's keys plus two of Tern's.
 *
 * @param enabled            run the channel
 * @param token              the bot token from @BotFather
 * @param allowFrom          user ids or usernames allowed ({@code "12345"}, {@code "alice"}, {@code "@alice"}, {@code "*"})
 * @param proxy              an HTTP proxy URL ({@code http://127.0.0.1:7890}), or null
 * @param replyToMessage     answers quote the message they answer
 * @param apiBase            Tern: the Bot API base URL (default {@code https://api.telegram.org}), for a self-hosted
 *                           Bot API server or a test server
 * @param pollTimeoutSeconds Tern: the long-polling timeout of {@code getUpdates}
 */
public record TelegramConfig(boolean enabled, String token, List<String> allowFrom, String proxy, boolean replyToMessage,
                             String apiBase, int pollTimeoutSeconds) {

    public static final String DEFAULT_API_BASE = "https://api.telegram.org";

    public TelegramConfig {
        allowFrom = List.copyOf(allowFrom);
    }

    static TelegramConfig parse(Section s) {
        String proxy = s.text("proxy", null);
        return new TelegramConfig(s.flag("enabled", false), s.text("token", ""), s.texts("allowFrom"),
                proxy == null || proxy.isBlank() ? null : proxy, s.flag("replyToMessage", false),
                stripSlash(s.text("apiBase", DEFAULT_API_BASE)), s.integer("pollTimeoutSeconds", 25, 0, 600));
    }

    static String stripSlash(String url) { return url.endsWith("/") ? url.substring(0, url.length() - 1) : url; }

    @Override
    public String toString() {  // never print the token
        return "TelegramConfig[enabled=" + enabled + ", token=" + (token.isEmpty() ? "" : "***") + ", allowFrom=" + allowFrom
                + ", proxy=" + proxy + ", apiBase=" + apiBase + "]";
    }
}
