package dev.tern.workspace.tools.web;

import dev.tern.http.Abort;
import dev.tern.http.HttpTransport;
import dev.tern.http.TransportRequest;
import dev.tern.http.TransportResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests to search backends on the runtime's HTTP transport. Their endpoints come from the operator's
 * config, not from the model, so the SSRF guard does not apply (a self-hosted SearXNG often lives on the LAN).
 */
final class SearchHttp {

    static final int MAX_BYTES = 2 * 1024 * 1024;

    private final HttpTransport http;
    private final Duration timeout;

    SearchHttp(HttpTransport http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** GETs {@code url} with the given header pairs; the body as text; throws on a non-2xx status. */
    String get(String url, List<String> headers, String backend) throws IOException {
        return send(TransportRequest.get(URI.create(url), withAgent(headers), timeouts()), backend);
    }

    /** POSTs {@code body} (UTF-8) to {@code url}; the body as text; throws on a non-2xx status. */
    String post(String url, List<String> headers, String body, String backend) throws IOException {
        return send(TransportRequest.post(URI.create(url), withAgent(headers),
                TransportRequest.Body.of(body.getBytes(StandardCharsets.UTF_8)), timeouts()), backend);
    }

    private TransportRequest.Timeouts timeouts() { return new TransportRequest.Timeouts(null, timeout, timeout); }

    private static List<String> withAgent(List<String> headers) {
        List<String> all = new ArrayList<>(headers.size() + 2);
        all.add("user-agent");
        all.add(WebClients.USER_AGENT);
        all.addAll(headers);
        return all;
    }

    private String send(TransportRequest request, String backend) throws IOException {
        try (TransportResponse r = http.send(request, new Abort())) {
            WebClients.Capped body = WebClients.read(r.body(), MAX_BYTES);
            String text = new String(body.bytes(), StandardCharsets.UTF_8);
            if (r.status() / 100 != 2) {
                String snippet = text.length() > 200 ? text.substring(0, 200) : text;
                throw new IOException(backend + " answered HTTP " + r.status() + ": " + snippet.replaceAll("\\s+", " ").strip());
            }
            return text;
        }
    }

    static String encode(String s) { return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
