package dev.tern.workspace.tools.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** The web tools' user agent, and reading bodies under a byte cap. */
public final class WebClients {

    public static final String USER_AGENT = "Mozilla/5.0 (compatible; Tern/0.1; +https://github.com/tern)";

    private WebClients() { }

    /** A capped body: the bytes read and whether more were available. */
    public record Capped(byte[] bytes, boolean truncated) { }

    /** Reads at most {@code cap} bytes and closes the stream (which aborts the rest of the download). */
    public static Capped read(InputStream in, int cap) throws IOException {
        try (in) {
            byte[] buf = new byte[Math.min(cap, 64 * 1024) + 1];
            int len = 0;
            int n;
            while ((n = in.read(buf, len, Math.min(buf.length - len, cap + 1 - len))) > 0) {
                len += n;
                if (len > cap) return new Capped(Arrays.copyOf(buf, cap), true);
                if (len == buf.length) buf = Arrays.copyOf(buf, Math.min(cap + 1, buf.length * 2));
            }
            return new Capped(Arrays.copyOf(buf, len), false);
        }
    }
}
