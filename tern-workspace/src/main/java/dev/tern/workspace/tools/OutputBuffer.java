package dev.tern.workspace.tools;

import java.nio.charset.StandardCharsets;

/**
 * Keeps the head and the tail of a byte stream within a fixed capacity, counting what it drops, so a
 * command that prints megabytes costs at most {@code capacity} bytes of memory. Not thread-safe:
 * one writer, read after the writer finished.
 */
final class OutputBuffer {

    private final byte[] head;
    private final byte[] tail;
    private int headLen;
    private long tailWritten;
    private long total;

    OutputBuffer(int capacity) {
        this.head = new byte[capacity / 2];
        this.tail = new byte[capacity - capacity / 2];
    }

    void write(byte[] b, int off, int len) {
        total += len;
        int toHead = Math.min(len, head.length - headLen);
        System.arraycopy(b, off, head, headLen, toHead);
        headLen += toHead;
        for (int i = off + toHead; i < off + len; i++) tail[(int) (tailWritten++ % tail.length)] = b[i];
    }

    long total() { return total; }

    /** Everything when it fit, else head + a marker saying how much was omitted + tail. */
    String text() {
        StringBuilder sb = new StringBuilder(new String(head, 0, headLen, StandardCharsets.UTF_8));
        if (tailWritten == 0) return sb.toString();
        int tailLen = (int) Math.min(tailWritten, tail.length);
        byte[] ordered = new byte[tailLen];
        int start = (int) ((tailWritten - tailLen) % tail.length);
        for (int i = 0; i < tailLen; i++) ordered[i] = tail[(start + i) % tail.length];
        long omitted = total - headLen - tailLen;
        if (omitted > 0) sb.append("\n… [").append(omitted).append(" bytes of output omitted] …\n");
        return sb.append(new String(ordered, StandardCharsets.UTF_8)).toString();
    }
}
