package dev.tern.mcp;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns the exceptions the MCP SDK and the JDK throw into words a user can act on:
 * {@code UnresolvedAddressException} → "cannot resolve host mcp.example.com", a refused connection →
 * "connection refused by 127.0.0.1:9", and the SDK's wrapper text ("Client failed to initialize by
 * explicit API call") left out.
 */
final class McpErrors {

    private McpErrors() { }

    static String describe(Throwable e, McpServerConfig server) {
        String host = host(server);
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "cannot resolve host " + (host != null ? host : message(t));
            }
            if (t instanceof HttpConnectTimeoutException) return "timed out connecting to " + (host != null ? host : "the server");
            if (t instanceof ConnectException) {
                return "connection refused by " + (host != null ? hostPort(server) : "the server")
                        + (t.getMessage() == null || t.getMessage().isBlank() ? "" : " (" + McpConnection.oneLine(t.getMessage()) + ")");
            }
            if (t instanceof SSLException) return "TLS handshake with " + (host != null ? host : "the server") + " failed: " + message(t);
            if (t instanceof TimeoutException) return "no answer within the time limit";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String outer = clean(message(e));
        String inner = clean(message(root));
        if (root == e || outer.isEmpty() || outer.equals(inner)) return inner.isEmpty() ? root.getClass().getSimpleName() : inner;
        return inner.isEmpty() ? outer : outer + ": " + inner;
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : McpConnection.oneLine(m);
    }

    /** Drops the SDK's wrapper phrases that say nothing to a user. */
    private static String clean(String m) {
        String s = m;
        for (String noise : new String[] {"Client failed to initialize by explicit API call", "Failed to send message",
                "java.util.concurrent.ExecutionException: ", "java.lang.RuntimeException: "}) {
            s = s.replace(noise, "");
        }
        s = s.strip();
        while (s.startsWith(":")) s = s.substring(1).strip();
        return s;
    }

    private static String host(McpServerConfig server) {
        if (!(server instanceof McpServerConfig.Http h)) return null;
        try {
            return java.net.URI.create(h.url()).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String hostPort(McpServerConfig server) {
        java.net.URI u = java.net.URI.create(((McpServerConfig.Http) server).url());
        int port = u.getPort() > 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
        return u.getHost() + ":" + port;
    }
}
