package dev.tern.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A Server-Sent Events parser over an {@link InputStream}: {@code event:}, {@code data:} (several
 * data lines join with '\n'), {@code id:}, comments (lines starting with ':'), LF / CRLF / CR line
 * ends, a UTF-8 sequence split across reads, {@code retry:}. An event is dispatched at a blank line; one
 * cut off by the end of the stream is dispatched too, unless the parser was made to drop it (as the
 * WHATWG spec does: MCP's streams). The handler decides what {@code [DONE]} means and may stop early.
 * Lines and event data are bounded ({@code maxBytes}): a runaway stream fails with an IOException, not
 * the heap. Used by the providers and by MCP over HTTP.
 *
 * <p>Field names are matched on the bytes and the data is kept as bytes: a {@link RawHandler} parses
 * them in place (no String per line or per event); a {@link Handler} gets decoded {@link Event}s.
 */
public final class SseParser {

    /** One event; {@code event} is "message" when the server gave no name. */
    public record Event(String event, String data, String id) { }

    /** Receives events; returns false to stop reading. */
    @FunctionalInterface
    public interface Handler {
        boolean onEvent(Event event) throws IOException;
    }

    /**
     * Receives events with their data as bytes, valid only during the call; returns false to stop.
     *
     * @param event the event name, or null when the server gave none
     */
    @FunctionalInterface
    public interface RawHandler {
        boolean onEvent(String event, byte[] data, int offset, int length) throws IOException;
    }

    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] ID = {'i', 'd'};
    private static final byte[] RETRY = {'r', 'e', 't', 'r', 'y'};

    private final InputStream in;
    private final int maxBytes;
    private final boolean partialAtEnd;
    // one parser per streamed call, thousands at once: sized for the usual event (a few hundred bytes), the
    // line and data buffers grow for larger ones; the stream hands over a chunk at a time anyway
    private final byte[] buf = new byte[2048];
    private byte[] line = new byte[512];
    private int lineLen;
    private byte[] data = new byte[512];
    private int dataLen = -1; // -1: no data line in the current event
    private String eventName;
    private String lastId;
    private boolean sawCr;
    private long events;
    private long retryMillis = -1;

    /** Dispatches an event cut off by the end of the stream; lines and data up to 64 MiB. */
    public SseParser(InputStream in) {
        this(in, 64 << 20, true);
    }

    /**
     * @param maxBytes     the longest line and the largest event data accepted
     * @param partialAtEnd whether an event the stream ends in the middle of is dispatched (false: dropped)
     */
    public SseParser(InputStream in, int maxBytes, boolean partialAtEnd) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.partialAtEnd = partialAtEnd;
    }

    /** The last event id the stream set ("" when none), for {@code Last-Event-ID} on a reconnect. */
    public String lastId() { return lastId == null ? "" : lastId; }

    /** The reconnection delay the server asked for with {@code retry:}, in ms; -1 when it sent none. */
    public long retryMillis() { return retryMillis; }

    /** Events dispatched so far. */
    public long events() { return events; }

    /**
     * Reads to the end of the stream (or until the handler returns false).
     *
     * @return true when the handler stopped the parse, false at end of stream
     */
    public boolean run(Handler handler) throws IOException {
        return run((name, bytes, off, len) -> handler.onEvent(new Event(name == null || name.isEmpty() ? "message" : name,
                new String(bytes, off, len, StandardCharsets.UTF_8), lastId)));
    }

    /** Like {@link #run(Handler)}, the data handed over as bytes. */
    public boolean run(RawHandler handler) throws IOException {
        // line by line, not byte by byte: the byte scan is a small leaf method and the bytes move in bulk, so this
        // loop turns a few times per event and the JIT compiles the scan, not this loop with the handler inlined
        int n;
        while ((n = in.read(buf, 0, buf.length)) >= 0) {
            int i = 0;
            while (i < n) {
                if (sawCr) { // the LF of a CR LF pair, in this read or the next
                    sawCr = false;
                    if (buf[i] == '\n') {
                        i++;
                        continue;
                    }
                }
                int end = lineEnd(buf, i, n);
                appendLine(i, end - i);
                if (end == n) break;
                sawCr = buf[end] == '\r';
                i = end + 1;
                if (!processLine(handler)) return true;
            }
        }
        if (!partialAtEnd) return false;
        if (lineLen > 0 && !processLine(handler)) return true;
        if (dataLen >= 0) return !dispatch(handler);
        return false;
    }

    /** The index of the first CR or LF in {@code b[from, to)}, or {@code to}. */
    private static int lineEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '\n' || c == '\r') return i;
        }
        return to;
    }

    private void appendLine(int from, int n) throws IOException {
        if (n == 0) return;
        int need = lineLen + n;
        if (need > line.length) {
            if (need > maxBytes) throw new IOException("SSE line longer than " + maxBytes + " bytes");
            line = Arrays.copyOf(line, (int) Math.min(Math.max(need, line.length * 2L), maxBytes));
        }
        System.arraycopy(buf, from, line, lineLen, n);
        lineLen = need;
    }

    private boolean processLine(RawHandler handler) throws IOException {
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
        int nameLen = colon < 0 ? len : colon;
        int start = colon < 0 ? len : colon + 1;
        if (start < len && line[start] == ' ') start++;
        if (is(DATA, nameLen)) {
            appendData(start, len - start);
        } else if (is(EVENT, nameLen)) {
            eventName = new String(line, start, len - start, StandardCharsets.UTF_8);
        } else if (is(ID, nameLen)) {
            String id = new String(line, start, len - start, StandardCharsets.UTF_8);
            if (id.indexOf('\0') < 0) lastId = id; // the spec ignores an id with NUL
        } else if (is(RETRY, nameLen)) {
            String v = new String(line, start, len - start, StandardCharsets.US_ASCII);
            if (!v.isEmpty() && v.length() < 10 && v.chars().allMatch(c -> c >= '0' && c <= '9')) retryMillis = Long.parseLong(v);
        }
        // unknown fields are ignored, as the spec says
        return true;
    }

    private boolean is(byte[] name, int nameLen) {
        return nameLen == name.length && Arrays.equals(line, 0, nameLen, name, 0, nameLen);
    }

    private void appendData(int from, int n) throws IOException {
        int at = dataLen < 0 ? 0 : dataLen + 1;
        int need = at + n;
        if (need > maxBytes) throw new IOException("SSE event larger than " + maxBytes + " bytes");
        if (need > data.length) data = Arrays.copyOf(data, Math.max(need, data.length * 2));
        if (dataLen >= 0) data[dataLen] = '\n';
        System.arraycopy(line, from, data, at, n);
        dataLen = need;
    }

    private boolean dispatch(RawHandler handler) throws IOException {
        if (dataLen < 0) {
            eventName = null;
            return true;
        }
        int len = dataLen;
        String name = eventName;
        dataLen = -1;
        eventName = null;
        events++;
        return handler.onEvent(name, data, 0, len);
    }
}
