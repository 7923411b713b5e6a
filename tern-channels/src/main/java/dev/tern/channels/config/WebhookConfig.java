package dev.tern.channels.config;

import java.util.List;

/**
 * {@code channels.webhook} (Tern's): a generic JSON-over-HTTP channel for anything else.
 *
 * @param enabled         run the channel
 * @param secret          the shared HMAC-SHA256 key signing both directions
 * @param host            the address the inbound endpoint listens on (default {@code 127.0.0.1})
 * @param port            its port; 0 = do not listen (the gateway mounts the endpoint itself)
 * @param path            the inbound path (default {@code /webhook})
 * @param url             where answers are POSTed
 * @param allowFrom       sender ids allowed
 * @param maxMessageChars longest outbound message
 */
public record WebhookConfig(boolean enabled, String secret, String host, int port, String path, String url,
                            List<String> allowFrom, int maxMessageChars) {

    public WebhookConfig {
        allowFrom = List.copyOf(allowFrom);
    }

    static WebhookConfig parse(Section s) {
        String path = s.text("path", "/webhook");
        return new WebhookConfig(s.flag("enabled", false), s.text("secret", ""), s.text("host", "127.0.0.1"),
                s.integer("port", 0, 0, 65535), path.startsWith("/") ? path : "/" + path, s.text("url", ""),
                s.texts("allowFrom"), s.integer("maxMessageChars", 16_000, 64, 10_000_000));
    }

    @Override
    public String toString() {
        return "WebhookConfig[enabled=" + enabled + ", secret=" + (secret.isEmpty() ? "" : "***") + ", listen=" + host + ":" + port
                + path + ", url=" + url + ", allowFrom=" + allowFrom + "]";
    }
}
