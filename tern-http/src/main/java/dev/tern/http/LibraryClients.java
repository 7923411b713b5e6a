package dev.tern.http;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;

/** What a transport wrapping a library's HTTP client (Jetty's) needs besides it: the scheme check, the read backstop. */
final class LibraryClients {

    private LibraryClients() { }

    /** Whether {@code request} goes over TLS; plain http is false, any other scheme is refused. */
    static boolean https(TransportRequest request) { return https(request.uri()); }

    /** Whether {@code uri} goes over TLS; plain http is false, any other scheme is refused. */
    static boolean https(java.net.URI uri) {
        String scheme = uri.getScheme();
        if ("https".equalsIgnoreCase(scheme)) return true;
        if ("http".equalsIgnoreCase(scheme)) return false;
        throw new IllegalArgumentException("not an http(s) URI: " + uri);
    }

    /**
     * The library's own read bound, a backstop only (Tern enforces its headers and idle bounds phase by phase): the
     * longer of the two, or null when the request has neither.
     */
    static Duration backstop(TransportRequest request) {
        Duration a = request.headersTimeout(), b = request.idleTimeout();
        if (a == null) return b;
        if (b == null) return a;
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** A library's connect timeout: a socket timeout whose message names the connect phase. */
    static boolean isConnectTimeout(Throwable t) {
        String m = t.getMessage();
        return t instanceof SocketTimeoutException && m != null && m.toLowerCase(Locale.ROOT).contains("connect");
    }
}
