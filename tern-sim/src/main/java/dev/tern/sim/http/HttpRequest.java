package dev.tern.sim.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One parsed HTTP/1.1 request.
 *
 * @param method    upper-case method
 * @param path      path without the query
 * @param query     raw query string, empty when none
 * @param headers   headers with lower-case names (last value wins)
 * @param body      the de-chunked body, empty when none
 * @param keepAlive whether the connection stays open after the response
 */
public record HttpRequest(String method, String path, String query, Map<String, String> headers, byte[] body,
                          boolean keepAlive) {

    /** @return the header value or null */
    public String header(String lowerCaseName) { return headers.get(lowerCaseName); }

    public String bodyText() { return new String(body, StandardCharsets.UTF_8); }
}
