package dev.tern.sim.http;

/** A server socket serving the simulator's {@link HttpHandler} on loopback. */
public interface HttpListener extends AutoCloseable {

    /** The bound port. */
    int port();

    /** Client connections accepted since the start (a TCP connection each, whatever it speaks). */
    long connectionsAccepted();

    /** Stops accepting and closes open connections. */
    @Override
    void close();
}
