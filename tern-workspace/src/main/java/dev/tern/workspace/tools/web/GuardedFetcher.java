package dev.tern.workspace.tools.web;

import dev.tern.workspace.tools.ToolException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * GETs a URL on the shared client within one total deadline (headers and body), following redirects itself (at most {@value #MAX_REDIRECTS}) so the
 * {@link SsrfGuard} checks every hop, and reads the body under a byte cap. Thread-safe.
 *
 * <p>The JDK client resolves the host again when it connects; it uses the JVM's DNS cache (30 s by
 * default), so it sees the addresses the guard just checked, which closes most of the DNS-rebinding
 * window; every hop is checked again.
 */
public final class GuardedFetcher {

    public static final int MAX_REDIRECTS = 5;

    /** A fetched response. */
    public record Fetched(URI finalUri, int status, String contentType, byte[] body, boolean truncated) { }

    private final HttpClient client;
    private final SsrfGuard guard;
    private final Duration timeout;
    private final int maxBytes;

    public GuardedFetcher(HttpClient client, SsrfGuard guard, Duration timeout, int maxBytes) {
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the web tools' HttpClient must not follow redirects itself "
                    + "(each hop is checked by the SSRF guard); build it with WebClients.newSharedClient");
        }
        this.client = client;
        this.guard = guard;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    /**
     * Fetches {@code uri} within the total timeout: redirects, headers and the whole body share one
     * deadline; a body still arriving when it passes is cut off (the stream is closed under the reader).
     *
     * @throws HttpTimeoutException when the deadline passed
     */
    public Fetched get(URI uri) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI current = uri;
        for (int hop = 0; ; hop++) {
            guard.check(current);
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) throw timedOut();
            HttpRequest request = HttpRequest.newBuilder(current).timeout(left).GET()
                    .header("User-Agent", WebClients.USER_AGENT)
                    .header("Accept", "text/html,application/xhtml+xml,application/json,text/plain;q=0.9,*/*;q=0.5")
                    .build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                String location = response.headers().firstValue("Location").orElse(null);
                response.body().close();
                if (location == null) throw new ToolException("HTTP " + status + " redirect from " + current + " without a Location");
                if (hop + 1 > MAX_REDIRECTS) throw new ToolException("too many redirects (more than " + MAX_REDIRECTS + ") from " + uri);
                try {
                    current = current.resolve(URI.create(location.strip()));
                } catch (IllegalArgumentException e) {
                    throw new ToolException("invalid redirect Location '" + location + "' from " + current);
                }
                continue;
            }
            String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (!textual(type)) {
                response.body().close();
                throw new ToolException("unsupported content type '" + type + "'" + (declared >= 0 ? " (" + declared + " bytes)" : "")
                        + " at " + current + "; web_fetch reads HTML, JSON, XML and text");
            }
            WebClients.Capped body = readBefore(response.body(), deadline);
            return new Fetched(current, status, type, body.bytes(), body.truncated());
        }
    }

    /** Reads the capped body, closing the stream under the reader if the deadline passes first. */
    private WebClients.Capped readBefore(InputStream in, long deadline) throws IOException {
        java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().name("web-fetch-deadline").start(() -> {
            try {
                long ms = (deadline - System.nanoTime()) / 1_000_000;
                if (ms > 0) Thread.sleep(ms);
                expired.set(true);
                in.close();
            } catch (InterruptedException | IOException e) {
                // the body was read in time
            }
        });
        try {
            return WebClients.read(in, maxBytes);
        } catch (IOException e) {
            if (expired.get()) throw timedOut();
            throw e;
        } finally {
            watchdog.interrupt();
        }
    }

    private HttpTimeoutException timedOut() {
        return new HttpTimeoutException("no complete response within " + timeout.toSeconds() + " s (the limit covers "
                + "redirects, headers and the whole body)");
    }

    /** HTML, JSON, XML, text, or no type at all (sniffed later). */
    static boolean textual(String type) {
        if (type.isEmpty() || type.startsWith("text/")) return true;
        String media = type.split(";", 2)[0].strip();
        return media.equals("application/json") || media.endsWith("+json") || media.equals("application/xml")
                || media.endsWith("+xml") || media.equals("application/javascript") || media.equals("application/x-ndjson")
                || media.equals("application/ld+json") || media.equals("application/x-yaml") || media.equals("application/yaml");
    }
}
