package dev.tern.channels.email;

import java.util.Properties;

/** Jakarta Mail session properties for one protocol ({@code imap}, {@code imaps}, {@code smtp}, {@code smtps}). */
final class MailProperties {

    private final Properties props = new Properties();
    private final String prefix;

    /** Host, port, timeouts (connect 20 s, read {@code readTimeoutMs}), and certificate host checks under TLS. */
    MailProperties(String protocol, String host, int port, int readTimeoutMs, boolean tls) {
        this.prefix = "mail." + protocol + ".";
        set("host", host).set("port", Integer.toString(port)).set("connectiontimeout", "20000")
                .set("timeout", Integer.toString(readTimeoutMs)).set("writetimeout", Integer.toString(readTimeoutMs));
        if (tls) set("ssl.checkserveridentity", "true");
    }

    MailProperties set(String key, String value) {
        props.put(prefix + key, value);
        return this;
    }

    Properties properties() { return props; }
}
