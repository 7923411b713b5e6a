package dev.tern.sim.http;

/** A request the server cannot parse; answered with {@link #status()} and the connection closed. */
public final class HttpProtocolException extends RuntimeException {
    private final int status;

    public HttpProtocolException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() { return status; }
}
