package dev.tern.http;

import java.io.InputStream;

/** A response of the {@link SocketTransport}. */
final class SocketResponse implements TransportResponse {

    private final int status;
    private final String protocol;
    private final Headers headers;
    private final SocketBody body;

    SocketResponse(int status, String protocol, Headers headers, SocketBody body) {
        this.status = status;
        this.protocol = protocol;
        this.headers = headers;
        this.body = body;
    }

    @Override public int status() { return status; }

    @Override public String protocol() { return protocol; }

    @Override public Headers headers() { return headers; }

    @Override public InputStream body() { return body; }

    @Override public void close() { body.close(); }
}
