package dev.tern.memory.tracker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads JSONL files from the end: lines newest first, in blocks of 64 KiB from the last byte backwards,
 * so reading the last N lines of a file of any size costs only those lines. A torn last line (no
 * newline yet: another process is writing it) is skipped.
 */
final class ReverseLines {

    private static final int BLOCK = 64 * 1024;

    private ReverseLines() { }

    /** A file, read up to {@code end} (exclusive), or to its current size when {@code end} is negative. */
    record Segment(Path file, long end) {
        static Segment whole(Path f) { return new Segment(f, -1); }
    }

    /**
     * Feeds lines to {@code sink}, newest first, over {@code files} (newest file first), until the sink
     * returns false or the files are exhausted.
     */
    static void read(List<Segment> files, Predicate<String> sink) throws IOException {
        for (Segment f : files) {
            if (!readFile(f.file(), f.end(), sink)) return;
        }
    }

    /** The last {@code n} lines over the files, oldest first. */
    static List<String> last(List<Segment> files, int n) throws IOException {
        List<String> out = new ArrayList<>(Math.min(n, 1024));
        if (n <= 0) return out;
        read(files, line -> {
            out.add(line);
            return out.size() < n;
        });
        java.util.Collections.reverse(out);
        return out;
    }

    private static boolean readFile(Path f, long limit, Predicate<String> sink) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(f, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return true; // rotated away meanwhile
        }
        try (ch) {
            long pos = limit < 0 ? ch.size() : Math.min(limit, ch.size());
            byte[] carry = new byte[0]; // bytes after the last newline seen, belonging to the line being assembled
            boolean first = true;
            ByteBuffer buf = ByteBuffer.allocate(BLOCK);
            while (pos > 0) {
                int len = (int) Math.min(BLOCK, pos);
                pos -= len;
                buf.clear().limit(len);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, pos + buf.position()) < 0) throw new UncheckedIOException(new IOException(f + " shrank while read"));
                }
                byte[] block = buf.array();
                int end = len;
                for (int i = len - 1; i >= 0; i--) {
                    if (block[i] != '\n') continue;
                    byte[] line = join(block, i + 1, end, carry);
                    carry = new byte[0];
                    end = i;
                    if (first) { // what follows the last newline is empty, or a line still being written
                        first = false;
                        continue;
                    }
                    if (line.length > 0 && !sink.test(new String(line, StandardCharsets.UTF_8))) return false;
                }
                carry = join(block, 0, end, carry);
            }
            // the file's first line (no newline before it); a file without any newline holds only a torn line
            if (carry.length > 0 && !first) return sink.test(new String(carry, StandardCharsets.UTF_8));
            return true;
        }
    }

    private static byte[] join(byte[] block, int from, int to, byte[] carry) {
        byte[] out = new byte[to - from + carry.length];
        System.arraycopy(block, from, out, 0, to - from);
        System.arraycopy(carry, 0, out, to - from, carry.length);
        return out;
    }
}
