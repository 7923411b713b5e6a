package dev.tern.channels.config;

import java.util.List;

/**
 * {@code channels.whatsapp}: nanobot's keys. WhatsApp is reached through nanobot's bridge ({@code bridge/} in nanobot's
 * repository: Baileys, a linked device), which listens on loopback and takes a token.
 *
 * @param enabled     run the channel
 * @param bridgeUrl   the bridge's WebSocket ({@code ws://localhost:3001})
 * @param bridgeToken the bridge's {@code BRIDGE_TOKEN}
 * @param allowFrom   phone numbers ({@code "8613800000000"}) or chat ids ({@code "...@s.whatsapp.net"}, a group's
 *                    {@code "...@g.us"}), {@code "*"}; empty = nobody
 * @param groupPolicy in groups: {@code mention} answers only messages that mention the account, {@code open} every message
 */
public record WhatsAppConfig(boolean enabled, String bridgeUrl, String bridgeToken, List<String> allowFrom, String groupPolicy) {

    public static final String DEFAULT_BRIDGE_URL = "ws://localhost:3001";

    public WhatsAppConfig {
        allowFrom = List.copyOf(allowFrom);
    }

    static WhatsAppConfig parse(Section s) {
        String policy = s.groupPolicy();
        return new WhatsAppConfig(s.flag("enabled", false), s.text("bridgeUrl", DEFAULT_BRIDGE_URL), s.text("bridgeToken", ""),
                s.texts("allowFrom"), policy);
    }

    @Override
    public String toString() {  // never print the token
        return "WhatsAppConfig[enabled=" + enabled + ", bridgeUrl=" + bridgeUrl + ", bridgeToken=" + (bridgeToken.isEmpty() ? "" : "***")
                + ", allowFrom=" + allowFrom + ", groupPolicy=" + groupPolicy + "]";
    }
}
