package dev.tern.serve.http;

import dev.tern.serve.openai.ApiError;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Small request and response helpers shared by the handlers. */
public final class Http {

    public static final String JSON = "application/json";

    private Http() { }

    /**
     * The request body, at most {@code max} bytes.
     *
     * @throws ApiError 413 when larger, 400 when it cannot be read
     */
    public static byte[] body(ServerRequest req, long max) {
        var length = req.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > max) throw ApiError.tooLarge(max);
        if (!req.content().hasEntity()) return new byte[0];
        try (InputStream in = req.content().inputStream()) {
            if (length.isPresent()) {
                // the usual case: read into an array of the announced size, no growing buffer and no copy
                byte[] body = new byte[(int) length.getAsLong()];
                int n = in.readNBytes(body, 0, body.length);
                if (n < body.length) throw new IOException("the body ended after " + n + " of " + body.length + " bytes");
                return body;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buf = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > max) throw ApiError.tooLarge(max);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiError a) throw a;
            throw ApiError.badRequest(null, "cannot read the request body: " + e.getMessage());
        }
    }

    public static void json(ServerResponse res, int status, String json) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        res.send(json.getBytes(StandardCharsets.UTF_8));
    }

    public static void error(ServerResponse res, ApiError e) {
        if (e.retryAfterSeconds() > 0) res.header(HeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        json(res, e.status(), e.json());
    }

    public static String oneLine(String s) {
        if (s == null) return "";
        String l = s.replaceAll("\\s+", " ").strip();
        return l.length() > 200 ? l.substring(0, 200) + "…" : l;
    }
}
