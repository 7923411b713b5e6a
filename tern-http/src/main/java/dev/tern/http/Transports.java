package dev.tern.http;

import java.util.List;
import java.util.Locale;

/**
 * Creates transports by name. The default is chosen by the system property {@code tern.http.transport}
 * (or the environment variable {@code TERN_HTTP_TRANSPORT}), else {@link #DEFAULT}; both stay
 * available so benchmarks compare them A/B in one process.
 */
public final class Transports {

    /** Blocking sockets on virtual threads, HTTP/1.1 keep-alive pool (the faster one, measured). */
    public static final String SOCKET = "socket";
    /** The JDK's {@code java.net.http.HttpClient}. */
    public static final String JDK = "jdk";
    /**
     * Jetty 12's HttpClient: HTTP/2 where the server offers it by ALPN over TLS (thousands of calls
     * multiplexed on a few connections), HTTP/1.1 on plain http (the socket transport).
     */
    public static final String JETTY = "jetty";
    /**
     * The Jetty transport speaking HTTP/2 with prior knowledge (h2c) on plain http too: only for
     * servers known to speak it (an HTTP/1.1-only server refuses its first request).
     */
    public static final String H2C = "h2c";
    /** What {@link #create()} uses when nothing is configured. */
    public static final String DEFAULT = SOCKET;
    /** The system property that picks the default. */
    public static final String PROPERTY = "tern.http.transport";

    private Transports() { }

    /** The transports that talk to any HTTP server ({@link #H2C} is extra: it needs an h2c server). */
    public static List<String> names() { return List.of(SOCKET, JDK, JETTY); }

    /** The configured default transport with default options. */
    public static HttpTransport create() { return create(configured(), TransportOptions.DEFAULT); }

    /** The configured default transport with {@code options}. */
    public static HttpTransport create(TransportOptions options) { return create(configured(), options); }

    /**
     * @param name {@link #SOCKET}, {@link #JDK}, {@link #JETTY} or {@link #H2C}
     * @throws IllegalArgumentException for an unknown name, naming the known ones
     */
    public static HttpTransport create(String name, TransportOptions options) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case SOCKET -> new SocketTransport(options);
            case JDK -> new JdkTransport(options);
            case JETTY -> new JettyTransport(JETTY, options, false);
            case H2C -> new JettyTransport(H2C, options, true);
            default -> throw new IllegalArgumentException("unknown HTTP transport '" + name + "' (known: "
                    + String.join(", ", names()) + ", " + H2C + ")");
        };
    }

    /** The name configured by {@value #PROPERTY} / {@code TERN_HTTP_TRANSPORT}, else {@link #DEFAULT}. */
    public static String configured() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) v = System.getenv("TERN_HTTP_TRANSPORT");
        return v == null || v.isBlank() ? DEFAULT : v.strip();
    }
}
