package dev.tern.serve.http;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** A handler of an authenticated API request. Throw {@code ApiError} for an answer in OpenAI's error shape. */
@FunctionalInterface
public interface ApiHandler {
    void handle(ServerRequest req, ServerResponse res, Caller caller) throws Exception;
}
