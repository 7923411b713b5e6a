package dev.tern.workspace.tools.web;

import dev.tern.http.Abort;
import dev.tern.http.AbortedException;
import dev.tern.http.HttpTransport;
import dev.tern.http.TransportRequest;
import dev.tern.http.TransportResponse;
import dev.tern.http.TransportTimeoutException;
import dev.tern.workspace.tools.ToolException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * GETs a URL on the runtime's HTTP transport within one total deadline (headers and body), following
 * redirects itself (at most {@value #MAX_REDIRECTS}; transports never follow them) so the
 * {@link SsrfGuard} checks every hop, and reads the body under a byte cap. Thread-safe.
 *
 * <p>The transport resolves the host again when it connects; it uses the JVM's DNS cache (30 s by
 * default), so it sees the addresses the guard just checked, which closes most of the DNS-rebinding
 * window; every hop is checked again.
 */
public final class GuardedFetcher {

    public static final int MAX_REDIRECTS = 5;
    private static final List<String> HEADERS = List.of("user-agent", WebClients.USER_AGENT,
            "accept", "text/html,application/xhtml+xml,application/json,text/plain;q=0.9,*/*;q=0.5");

    /** A fetched response. */
    public record Fetched(URI finalUri, int status, String contentType, byte[] body, boolean truncated) { }

    /** The total deadline (redirects, headers and the whole body) passed. */
    public static final class TimedOut extends IOException {
        private static final long serialVersionUID = 1L;

        TimedOut(String message) { super(message); }
    }

    private final HttpTransport http;
    private final SsrfGuard guard;
    private final Duration timeout;
    private final int maxBytes;

    public GuardedFetcher(HttpTransport http, SsrfGuard guard, Duration timeout, int maxBytes) {
        this.http = http;
        this.guard = guard;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    /**
     * Fetches {@code uri} within the total timeout: redirects, headers and the whole body share one
     * deadline; a body still arriving when it passes is cut off (the exchange is aborted under the reader).
     *
     * @throws TimedOut when the deadline passed
     */
    public Fetched get(URI uri) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI current = uri;
        for (int hop = 0; ; hop++) {
            guard.check(current);
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) throw timedOut();
            Abort abort = new Abort();
            Thread watchdog = Thread.ofVirtual().name("web-fetch-deadline").start(() -> {
                if (!abort.sleep(Duration.ofNanos(deadline - System.nanoTime()))) abort.abort("deadline");
            });
            try {
                TransportResponse response;
                try {
                    response = http.send(TransportRequest.get(current, HEADERS, new TransportRequest.Timeouts(null, left, left)), abort);
                } catch (TransportTimeoutException.Headers e) {
                    throw timedOut();
                }
                try (response) {
                    int status = response.status();
                    if (status >= 300 && status < 400 && status != 304) {
                        String location = response.headers().first("location");
                        if (location == null) throw new ToolException("HTTP " + status + " redirect from " + current + " without a Location");
                        if (hop + 1 > MAX_REDIRECTS) throw new ToolException("too many redirects (more than " + MAX_REDIRECTS + ") from " + uri);
                        try {
                            current = current.resolve(URI.create(location.strip()));
                        } catch (IllegalArgumentException e) {
                            throw new ToolException("invalid redirect Location '" + location + "' from " + current);
                        }
                        continue;
                    }
                    String type = orEmpty(response.headers().first("content-type")).toLowerCase(Locale.ROOT);
                    String declared = response.headers().first("content-length");
                    if (!textual(type)) {
                        throw new ToolException("unsupported content type '" + type + "'" + (declared != null ? " (" + declared + " bytes)" : "")
                                + " at " + current + "; web_fetch reads HTML, JSON, XML and text");
                    }
                    WebClients.Capped body = WebClients.read(response.body(), maxBytes);
                    return new Fetched(current, status, type, body.bytes(), body.truncated());
                }
            } catch (AbortedException | TransportTimeoutException.Idle e) {
                if (abort.isAborted() || e instanceof TransportTimeoutException) throw timedOut();
                throw e;
            } finally {
                abort.abort("done"); // ends the deadline's watchdog
                watchdog.join();
            }
        }
    }

    private static String orEmpty(String s) { return s == null ? "" : s; }

    private TimedOut timedOut() {
        return new TimedOut("no complete response within " + timeout.toSeconds() + " s (the limit covers "
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
