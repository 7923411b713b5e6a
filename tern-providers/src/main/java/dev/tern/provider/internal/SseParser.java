package dev.tern.provider.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A Server-Sent Events parser over an {@link InputStream}: {@code event:}, {@code data:} (several
 * data lines join with '\n'), {@code id:}, comments (lines starting with ':'), LF / CRLF / CR line
 * ends, a UTF-8 sequence split across reads. An event is dispatched at a blank line (or at end of
 * stream if it has data). The handler decides what {@code [DONE]} means and may stop early.
 */
public final class SseParser {

    /** One event; {@code event} is "message" when the server gave no name. */
    public record Event(String event, String data, String id) { }

    /** Receives events; returns false to stop reading. */
    @FunctionalInterface
    public interface Handler {
        boolean onEvent(Event event) throws IOException;
    }

    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private byte[] line = new byte[1024];
    private int lineLen;
    private String eventName;
    private StringBuilder data;
    private String lastId;
    private boolean sawCr;
    private long events;

    public SseParser(InputStream in) {
        this.in = in;
    }

    /** Events dispatched so far. */
    public long events() { return events; }

    /**
     * Reads to the end of the stream (or until the handler returns false).
     *
     * @return true when the handler stopped the parse, false at end of stream
     */
    public boolean run(Handler handler) throws IOException {
        int n;
        while ((n = in.read(buf, 0, buf.length)) >= 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n' || b == '\r') {
                    if (b == '\n' && sawCr) {
                        sawCr = false;
                        continue;
                    }
                    sawCr = b == '\r';
                    if (!processLine(handler)) return true;
                } else {
                    sawCr = false;
                    if (lineLen == line.length) line = Arrays.copyOf(line, line.length * 2);
                    line[lineLen++] = b;
                }
            }
        }
        if (lineLen > 0 && !processLine(handler)) return true;
        if (data != null) return !dispatch(handler);
        return false;
    }

    private boolean processLine(Handler handler) throws IOException {
        int len = lineLen;
        lineLen = 0;
        if (len == 0) return dispatch(handler);
        if (line[0] == ':') return true; // comment / keep-alive
        int colon = -1;
        for (int i = 0; i < len; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        String field;
        String value;
        if (colon < 0) {
            field = new String(line, 0, len, StandardCharsets.UTF_8);
            value = "";
        } else {
            field = new String(line, 0, colon, StandardCharsets.US_ASCII);
            int start = colon + 1;
            if (start < len && line[start] == ' ') start++;
            value = new String(line, start, len - start, StandardCharsets.UTF_8);
        }
        switch (field) {
            case "data" -> {
                if (data == null) data = new StringBuilder(value.length() + 16);
                else data.append('\n');
                data.append(value);
            }
            case "event" -> eventName = value;
            case "id" -> lastId = value;
            default -> { } // "retry" and unknown fields are ignored, as the spec says
        }
        return true;
    }

    private boolean dispatch(Handler handler) throws IOException {
        if (data == null) {
            eventName = null;
            return true;
        }
        Event e = new Event(eventName == null || eventName.isEmpty() ? "message" : eventName, data.toString(), lastId);
        data = null;
        eventName = null;
        events++;
        return handler.onEvent(e);
    }
}
