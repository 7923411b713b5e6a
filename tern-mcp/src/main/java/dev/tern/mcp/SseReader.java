package dev.tern.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads Server-Sent Events from a stream, as the WHATWG event-stream interpretation says: lines end
 * in CR, LF or CRLF; {@code data} lines of one event are joined with LF; lines starting with ':' are
 * comments; {@code id} sets the last event id (kept across events); {@code retry} sets the
 * reconnection delay; an event without data is not dispatched. One reader per stream, one thread.
 */
final class SseReader {

    /**
     * One dispatched event.
     *
     * @param id   the last event id when it was dispatched ("" when none was ever set)
     * @param type the {@code event} field, "message" when the event had none
     * @param data the joined {@code data} lines
     */
    record Event(String id, String type, String data) { }

    private final InputStream in;
    private final int maxEventBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private String lastId = "";
    private long retryMillis = -1;
    private boolean skipLf;

    /** @param maxEventBytes the longest line and the largest event data accepted (a runaway stream fails, not the heap) */
    SseReader(InputStream in, int maxEventBytes) {
        this.in = in;
        this.maxEventBytes = maxEventBytes;
    }

    /** The next event, or null at the end of the stream (a half-received event is dropped, as the spec says). */
    Event next() throws IOException {
        StringBuilder data = null;
        String type = null;
        while (true) {
            String l = readLine();
            if (l == null) return null;
            if (l.isEmpty()) {
                if (data != null) return new Event(lastId, type == null || type.isEmpty() ? "message" : type, data.toString());
                type = null;
                continue;
            }
            if (l.charAt(0) == ':') continue; // a comment (keep-alive)
            int colon = l.indexOf(':');
            String field = colon < 0 ? l : l.substring(0, colon);
            String value = colon < 0 ? "" : l.substring(colon + (colon + 1 < l.length() && l.charAt(colon + 1) == ' ' ? 2 : 1));
            switch (field) {
                case "data" -> {
                    if (data == null) data = new StringBuilder(value);
                    else data.append('\n').append(value);
                    if (data.length() > maxEventBytes) throw new IOException("SSE event larger than " + maxEventBytes + " bytes");
                }
                case "event" -> type = value;
                case "id" -> {
                    if (value.indexOf('\0') < 0) lastId = value;
                }
                case "retry" -> {
                    if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9') && value.length() < 10) {
                        retryMillis = Long.parseLong(value);
                    }
                }
                default -> { } // unknown fields are ignored
            }
        }
    }

    /** The last event id seen ("" for none), for {@code Last-Event-ID} on reconnect. */
    String lastId() { return lastId; }

    /** The server's {@code retry} in ms, or -1 when it sent none. */
    long retryMillis() { return retryMillis; }

    private String readLine() throws IOException {
        line.reset();
        while (true) {
            int b = in.read();
            if (b < 0) return null;
            if (skipLf) {
                skipLf = false;
                if (b == '\n') continue;
            }
            if (b == '\n') break;
            if (b == '\r') {
                skipLf = true;
                break;
            }
            if (line.size() >= maxEventBytes) throw new IOException("SSE line longer than " + maxEventBytes + " bytes");
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
