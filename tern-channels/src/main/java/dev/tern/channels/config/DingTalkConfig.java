package dev.tern.channels.config;

import java.util.List;

/**
 * {@code channels.dingtalk}: nanobot's keys (Stream Mode) plus one of Tern's.
 *
 * @param enabled      run the channel
 * @param clientId     the app's Client ID (AppKey)
 * @param clientSecret the app's Client Secret (AppSecret)
 * @param allowFrom    staff ids ({@code "manager4220"}) or nicknames allowed, {@code "*"}; empty = nobody
 * @param robotCode    Tern: the robot's code for writing first through the OpenAPI (default: the client id, which it is for
 *                     an internal app's robot)
 * @param apiBase      Tern: the OpenAPI base URL (default {@code https://api.dingtalk.com}), for a test server
 */
public record DingTalkConfig(boolean enabled, String clientId, String clientSecret, List<String> allowFrom, String robotCode,
                             String apiBase) {

    public static final String DEFAULT_API_BASE = "https://api.dingtalk.com";

    public DingTalkConfig {
        allowFrom = List.copyOf(allowFrom);
    }

    static DingTalkConfig parse(Section s) {
        String clientId = s.text("clientId", "");
        return new DingTalkConfig(s.flag("enabled", false), clientId, s.text("clientSecret", ""), s.texts("allowFrom"),
                s.text("robotCode", clientId), TelegramConfig.stripSlash(s.text("apiBase", DEFAULT_API_BASE)));
    }

    @Override
    public String toString() {  // never print the secret
        return "DingTalkConfig[enabled=" + enabled + ", clientId=" + clientId + ", clientSecret=" + (clientSecret.isEmpty() ? "" : "***")
                + ", allowFrom=" + allowFrom + ", robotCode=" + robotCode + ", apiBase=" + apiBase + "]";
    }
}
