package dev.tern.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw socket HTTP/1.1 client for byte-level checks (stalls, resets, chunked uploads, keep-alive). */
final class RawHttp implements AutoCloseable {

    final Socket socket;
    final OutputStream out;
    final InputStream in;

    RawHttp(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Result of reading until a timeout or the end of the stream. */
    record Read(String text, boolean timedOut, boolean reset, boolean eof) { }

    void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static String post(String path, String body, String... headers) {
        StringBuilder sb = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n");
        for (int i = 0; i < headers.length; i += 2) sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        sb.append("Content-Length: ").append(b.length).append("\r\n\r\n").append(body);
        return sb.toString();
    }

    /** Reads whatever arrives until {@code idleMs} of silence, EOF or a reset. */
    Read readUntilIdle(int idleMs) throws IOException {
        socket.setSoTimeout(idleMs);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        while (true) {
            try {
                int n = in.read(b);
                if (n < 0) return new Read(buf.toString(StandardCharsets.UTF_8), false, false, true);
                buf.write(b, 0, n);
            } catch (SocketTimeoutException e) {
                return new Read(buf.toString(StandardCharsets.UTF_8), true, false, false);
            } catch (IOException e) {
                return new Read(buf.toString(StandardCharsets.UTF_8), false, true, false);
            }
        }
    }

    /** Reads exactly one Content-Length response; returns head + body. */
    String readResponse() throws IOException {
        socket.setSoTimeout(10_000);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') break;
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
        int len = 0;
        for (String line : headText.split("\r\n"))
            if (line.toLowerCase().startsWith("content-length:")) len = Integer.parseInt(line.substring(15).trim());
        byte[] body = in.readNBytes(len);
        return headText + new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException { socket.close(); }
}
