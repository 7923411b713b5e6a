package dev.tern.mcp;

import dev.tern.http.HttpTransport;
import dev.tern.http.Transports;
import java.util.function.Supplier;

/**
 * The HTTP transport of one {@link McpToolset}: the caller's ({@link McpOptions#http()}, left open), or
 * one made on first use (only when an HTTP server is contacted) and closed with the toolset.
 */
final class SharedHttp implements Supplier<HttpTransport>, AutoCloseable {

    private final HttpTransport given;
    private HttpTransport own; // guarded by this
    private boolean closed;    // guarded by this

    SharedHttp(HttpTransport given) { this.given = given; }

    @Override
    public HttpTransport get() {
        if (given != null) return given;
        synchronized (this) {
            if (closed) throw new IllegalStateException("the MCP toolset is closed");
            if (own == null) own = Transports.create();
            return own;
        }
    }

    @Override
    public void close() {
        HttpTransport t;
        synchronized (this) {
            closed = true;
            t = own;
            own = null;
        }
        if (t != null) t.close();
    }
}
