package dev.tern.sim.batch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A small {@code multipart/form-data} reader (RFC 7578), enough for file uploads. */
public final class Multipart {

    /**
     * One form field.
     *
     * @param name     field name
     * @param filename file name of a file field, null for plain fields
     * @param bytes    the field's content
     */
    public record Part(String name, String filename, byte[] bytes) {
        public String text() { return new String(bytes, StandardCharsets.UTF_8); }
    }

    private Multipart() { }

    /**
     * Parses a body by the boundary of its {@code Content-Type}.
     *
     * @return fields by name (first occurrence wins)
     * @throws IllegalArgumentException with a one-line reason when the body is not multipart form data
     */
    public static Map<String, Part> parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data"))
            throw new IllegalArgumentException("expected a multipart/form-data body, got Content-Type "
                    + (contentType == null ? "none" : "'" + contentType + "'"));
        String boundary = null;
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                boundary = p.substring(9).trim();
                if (boundary.length() >= 2 && boundary.startsWith("\"") && boundary.endsWith("\""))
                    boundary = boundary.substring(1, boundary.length() - 1);
            }
        }
        if (boundary == null || boundary.isEmpty()) throw new IllegalArgumentException("multipart body without a boundary");
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Part> parts = new LinkedHashMap<>();
        int at = indexOf(body, delimiter, 0);
        if (at < 0) throw new IllegalArgumentException("multipart body does not contain its boundary");
        while (true) {
            int lineEnd = at + delimiter.length;
            if (lineEnd + 1 < body.length && body[lineEnd] == '-' && body[lineEnd + 1] == '-') break; // closing delimiter
            int headStart = skipLine(body, lineEnd);
            int headEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headStart);
            if (headStart < 0 || headEnd < 0) throw new IllegalArgumentException("malformed multipart part headers");
            String head = new String(body, headStart, headEnd - headStart, StandardCharsets.UTF_8);
            int contentStart = headEnd + 4;
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), contentStart);
            if (next < 0) throw new IllegalArgumentException("multipart body is not terminated by its boundary");
            String name = null;
            String filename = null;
            for (String line : head.split("\r\n")) {
                if (!line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) continue;
                name = param(line, "name");
                filename = param(line, "filename");
            }
            if (name != null) parts.putIfAbsent(name, new Part(name, filename, Arrays.copyOfRange(body, contentStart, next)));
            at = next + 2;
        }
        return parts;
    }

    private static String param(String header, String key) {
        for (String piece : header.split(";")) {
            String p = piece.trim();
            int eq = p.indexOf('=');
            if (eq < 0 || !p.substring(0, eq).trim().equalsIgnoreCase(key)) continue;
            String v = p.substring(eq + 1).trim();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
            return v;
        }
        return null;
    }

    private static int skipLine(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) if (b[i] == '\r' && b[i + 1] == '\n') return i + 2;
        return -1;
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        if (from < 0) return -1;
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) if (hay[i + k] != needle[k]) continue outer;
            return i;
        }
        return -1;
    }
}
