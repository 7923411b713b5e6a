package dev.tern.workspace.tools.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Requests to search backends on the shared client. Their endpoints come from the operator's config,
 * not from the model, so the SSRF guard does not apply (a self-hosted SearXNG often lives on the LAN).
 */
final class SearchHttp {

    static final int MAX_BYTES = 2 * 1024 * 1024;

    private final HttpClient client;
    private final Duration timeout;

    SearchHttp(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(java.net.URI.create(url)).timeout(timeout).header("User-Agent", WebClients.USER_AGENT);
    }

    /** Sends and returns the body as text; throws on a non-2xx status. */
    String send(HttpRequest request, String backend) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        WebClients.Capped body = WebClients.read(r.body(), MAX_BYTES);
        String text = new String(body.bytes(), StandardCharsets.UTF_8);
        if (r.statusCode() / 100 != 2) {
            String snippet = text.length() > 200 ? text.substring(0, 200) : text;
            throw new IOException(backend + " answered HTTP " + r.statusCode() + ": " + snippet.replaceAll("\\s+", " ").strip());
        }
        return text;
    }

    static String encode(String s) { return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
