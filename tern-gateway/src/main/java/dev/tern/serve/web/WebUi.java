package dev.tern.serve.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The web UI's static assets, read from the jar once at start and served from memory with an ETag
 * (a reload answers 304). No build step, no Node at run time.
 */
public final class WebUi {

    private record Asset(byte[] bytes, String type, String etag) { }

    private static final Map<String, String> FILES = Map.of("/", "index.html", "/index.html", "index.html",
            "/app.js", "app.js", "/app.css", "app.css", "/favicon.svg", "favicon.svg");

    private final Map<String, Asset> assets;

    public WebUi() {
        Map<String, Asset> m = new java.util.HashMap<>();
        FILES.forEach((path, file) -> m.put(path, load(file)));
        this.assets = Map.copyOf(m);
    }

    /** Paths served. */
    public static java.util.Set<String> paths() { return FILES.keySet(); }

    public void handle(ServerRequest req, ServerResponse res) {
        Asset a = assets.get(req.path().path());
        if (a == null) {
            res.status(Status.NOT_FOUND_404).send();
            return;
        }
        res.header(HeaderNames.ETAG, a.etag());
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        if (a.type().startsWith("text/html")) {
            res.header(HeaderNames.create("Content-Security-Policy"),
                    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
        }
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(a.etag()::equals).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, a.type());
        res.send(a.bytes());
    }

    private static Asset load(String file) {
        try (InputStream in = WebUi.class.getResourceAsStream(file)) {
            if (in == null) throw new IllegalStateException("web asset missing from the jar: " + file);
            byte[] b = in.readAllBytes();
            String etag = "\"" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b), 0, 8) + "\"";
            return new Asset(b, type(file), etag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String type(String file) {
        if (file.endsWith(".html")) return "text/html; charset=utf-8";
        if (file.endsWith(".js")) return "text/javascript; charset=utf-8";
        if (file.endsWith(".css")) return "text/css; charset=utf-8";
        if (file.endsWith(".svg")) return "image/svg+xml";
        return "application/octet-stream";
    }
}
