package dev.tern.workspace.tools.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The sandbox's only way out when {@code sandbox.allowHosts} is set: an HTTP proxy on a Unix socket
 * that is mounted into the sandbox (whose network namespace has nothing but its own loopback; a
 * {@code socat} inside turns {@code 127.0.0.1:3128} into that socket). It serves {@code CONNECT
 * host:port} (HTTPS and any TCP) and absolute-URI HTTP requests, and only to hosts on the allow-list:
 * {@code host}, {@code host:port} or {@code *.domain}; everything else gets {@code 403} before any
 * name is resolved. Each connection runs on its own virtual threads. Thread-safe.
 */
final class NetworkProxy implements AutoCloseable {

    private static final int MAX_HEAD = 16 * 1024;

    private final ServerSocketChannel server;
    private final List<String> allow;
    private final Path socket;

    /** Listens on {@code socket} (created) for the given allow-list (lower case entries). */
    NetworkProxy(Path socket, List<String> allowHosts) throws IOException {
        this.socket = socket;
        this.allow = allowHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().name("sandbox-proxy").start(this::acceptLoop);
    }

    Path socket() { return socket; }

    /** True when {@code host:port} is on the allow-list. */
    boolean allowed(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        for (String a : allow) {
            int colon = a.lastIndexOf(':');
            String ah = a;
            if (colon > 0 && a.indexOf(':') == colon && a.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                if (Integer.parseInt(a.substring(colon + 1)) != port) continue;
                ah = a.substring(0, colon);
            }
            if (ah.equals(h) || ah.startsWith("*.") && (h.endsWith(ah.substring(1)) || h.equals(ah.substring(2)))) return true;
        }
        return false;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                Thread.ofVirtual().name("sandbox-proxy-conn").start(() -> serve(c));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            InputStream in = Channels.newInputStream(client);
            OutputStream out = Channels.newOutputStream(client);
            byte[] head = readHead(in);
            if (head == null) return;
            String text = new String(head, StandardCharsets.ISO_8859_1);
            String[] line = text.substring(0, text.indexOf("\r\n")).split(" ");
            if (line.length < 3) {
                reply(out, 400, "bad request line");
                return;
            }
            boolean connect = line[0].equalsIgnoreCase("CONNECT");
            String host;
            int port;
            String forwardHead = null;
            if (connect) {
                int colon = line[1].lastIndexOf(':');
                host = colon > 0 ? line[1].substring(0, colon) : line[1];
                port = colon > 0 ? Integer.parseInt(line[1].substring(colon + 1)) : 443;
            } else {
                java.net.URI uri = java.net.URI.create(line[1]);
                if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
                    reply(out, 400, "the sandbox proxy takes absolute http:// URLs and CONNECT");
                    return;
                }
                host = uri.getHost();
                port = uri.getPort() > 0 ? uri.getPort() : 80;
                String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                forwardHead = line[0] + " " + path + " " + line[2] + text.substring(text.indexOf("\r\n"));
            }
            if (!allowed(host, port)) {
                reply(out, 403, "Tern sandbox: " + host + ":" + port + " is not in sandbox.allowHosts");
                return;
            }
            try (Socket upstream = new Socket()) {
                upstream.connect(new InetSocketAddress(host, port), 10_000);
                if (connect) {
                    out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } else {
                    upstream.getOutputStream().write(forwardHead.getBytes(StandardCharsets.ISO_8859_1));
                }
                Thread up = Thread.ofVirtual().start(() -> pipe(in, upstream));
                pipeTo(upstream.getInputStream(), out);
                up.join(1000);
            }
        } catch (IOException | RuntimeException e) {
            // the client or the server went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pipe(InputStream from, Socket to) {
        try {
            from.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // closed
        }
    }

    private static void pipeTo(InputStream from, OutputStream to) {
        try {
            from.transferTo(to);
            to.flush();
        } catch (IOException e) {
            // closed
        }
    }

    /** The request head up to the blank line, or null when the client sent nothing. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : c == '\r' ? 1 : 0;
            if (state == 4) return b.toByteArray();
            if (b.size() > MAX_HEAD) throw new IOException("request head too large");
        }
        return null;
    }

    private static void reply(OutputStream out, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        String reason = status == 403 ? "Forbidden" : "Bad Request";
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
