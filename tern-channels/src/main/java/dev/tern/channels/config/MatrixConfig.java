package dev.tern.channels.config;

import java.util.List;

/**
 * {@code channels.matrix}: nanobot's keys plus one of Tern's.
 *
 * @param enabled            run the channel
 * @param homeserver         the homeserver's base URL ({@code https://matrix.org})
 * @param accessToken        the bot account's access token
 * @param allowFrom          Matrix user ids ({@code @alice:example.org}) or {@code "*"}; empty = nobody. Invitations are
 *                           accepted from them only
 * @param pollTimeoutSeconds Tern: the {@code /sync} long-poll timeout
 */
public record MatrixConfig(boolean enabled, String homeserver, String accessToken, List<String> allowFrom, int pollTimeoutSeconds) {

    public static final String DEFAULT_HOMESERVER = "https://matrix.org";

    public MatrixConfig {
        allowFrom = List.copyOf(allowFrom);
    }

    static MatrixConfig parse(Section s) {
        return new MatrixConfig(s.flag("enabled", false), TelegramConfig.stripSlash(s.text("homeserver", DEFAULT_HOMESERVER)),
                s.text("accessToken", ""), s.texts("allowFrom"), s.integer("pollTimeoutSeconds", 30, 0, 600));
    }

    @Override
    public String toString() {  // never print the token
        return "MatrixConfig[enabled=" + enabled + ", homeserver=" + homeserver + ", accessToken=" + (accessToken.isEmpty() ? "" : "***")
                + ", allowFrom=" + allowFrom + "]";
    }
}
