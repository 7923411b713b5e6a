package dev.tern.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** The gateway bench's load client: one kept-alive HTTP/1.1 connection and its lock-free reader. */
record LoadConnection(Socket socket, In in, OutputStream out) {
    static LoadConnection open(String host, int port) throws IOException {
        Socket s = new Socket(host, port);
        s.setTcpNoDelay(true);
        s.setSoTimeout(120_000);
        return new LoadConnection(s, new In(s.getInputStream()), new java.io.BufferedOutputStream(s.getOutputStream(), 1024));
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** True when {@code needle} occurs in {@code hay}. */
    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    /** The load client's reader: one buffer, no locks (one thread per connection at a time), no copies of the events. */
    static final class In {
        private final InputStream in;
        private final byte[] buf = new byte[8192];
        private int pos, lim;
        private int matched; // bytes of the pattern matched so far, across chunks

        In(InputStream in) { this.in = in; }

        private boolean fill() throws IOException {
            pos = 0;
            lim = in.read(buf);
            if (lim <= 0) {
                lim = 0;
                return false;
            }
            return true;
        }

        String line() throws IOException {
            StringBuilder b = new StringBuilder(32);
            while (true) {
                if (pos == lim && !fill()) throw new IOException("connection closed");
                byte c = buf[pos++];
                if (c == '\n') return b.toString();
                if (c != '\r') b.append((char) c);
            }
        }

        /** Skips {@code n} bytes; true when {@code pattern} ends within them (a match may start in an earlier call). */
        boolean skipFinding(int n, byte[] pattern) throws IOException {
            boolean found = false;
            while (n > 0) {
                if (pos == lim && !fill()) throw new IOException("connection closed");
                int end = Math.min(lim, pos + n);
                for (int i = pos; i < end; i++) {
                    if (buf[i] == pattern[matched]) {
                        if (++matched == pattern.length) {
                            found = true;
                            matched = 0;
                        }
                    } else {
                        matched = buf[i] == pattern[0] ? 1 : 0;
                    }
                }
                n -= end - pos;
                pos = end;
            }
            return found;
        }

        byte[] bytes(int n) throws IOException {
            byte[] out = new byte[n];
            for (int off = 0; off < n; ) {
                if (pos == lim && !fill()) throw new IOException("connection closed");
                int k = Math.min(n - off, lim - pos);
                System.arraycopy(buf, pos, out, off, k);
                pos += k;
                off += k;
            }
            return out;
        }

        String rest() throws IOException {
            int n = Math.min(400, lim - pos + in.available());
            StringBuilder b = new StringBuilder();
            while (b.length() < n && (pos < lim || fill())) b.append((char) buf[pos++]);
            return b.toString().strip();
        }
    }
}
