package dev.tern.mcp;

import dev.tern.http.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** One-line descriptions of HTTP answers for errors: status, what was asked, and the start of the body. */
final class HttpErrors {

    /** How much of an error body is read and shown. */
    static final int BODY_START = 200;

    private HttpErrors() { }

    /** "HTTP 500 to POST tools/call to http://host/mcp: upstream exploded" (never more than one line). */
    static String status(TransportResponse r, String what) {
        String body = bodyStart(r);
        return "HTTP " + r.status() + " to " + what + (body.isEmpty() ? " (empty body)" : ": " + body);
    }

    /** The lower-cased media type, without parameters ("" when the answer has none). */
    static String contentType(TransportResponse r) {
        String t = r.headers().first("content-type");
        if (t == null) return "";
        int semi = t.indexOf(';');
        return (semi < 0 ? t : t.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    private static String bodyStart(TransportResponse r) {
        byte[] b;
        try (InputStream in = r.body()) {
            b = in.readNBytes(BODY_START + 1);
        } catch (IOException | RuntimeException e) {
            return "";
        }
        String s = new String(b, 0, Math.min(b.length, BODY_START), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").replace("\uFFFD", "").strip();
        return b.length > BODY_START ? s + "..." : s;
    }
}
