package dev.tern.sim.http;

import java.io.IOException;

/** Serves one request; called on the connection's virtual thread. */
@FunctionalInterface
public interface HttpHandler {
    void handle(HttpRequest request, HttpResponse response) throws IOException, InterruptedException;
}
