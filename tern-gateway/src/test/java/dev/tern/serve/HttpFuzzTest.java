package dev.tern.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Abuse of the HTTP API on raw sockets: malformed JSON, wrong types, huge bodies, bad UTF-8, garbage request
 * lines, slow clients. The server answers every one without a 5xx and without hanging, and keeps serving.
 */
class HttpFuzzTest {

    static final long SEED = 20261202L;
    static final int MAX_BODY = 64 * 1024;

    @TempDir Path ws;
    GatewayFixture f;
    int port;

    @BeforeEach
    void start() throws Exception {
        f = new GatewayFixture(ws, "{}", Map.of(), c -> c.withMaxRequestBytes(MAX_BODY).withReadTimeout(Duration.ofSeconds(2)).withRateLimit(1_000_000, 100_000));
        port = URI.create(f.gateway.baseUrl()).getPort();
    }

    @AfterEach
    void stop() { f.close(); }

    @Test
    void noRequestGetsA5xxOrHangs() throws Exception {
        Random r = new Random(SEED);
        List<byte[]> bodies = new ArrayList<>();
        String[] fixed = {
            "", "{", "}", "[]", "null", "0", "\"x\"", "{\"model\":", "{\"model\": null, \"messages\": null}",
            "{\"model\": [], \"messages\": []}", "{\"model\": \"tern\", \"messages\": \"hi\"}", "{\"model\": \"tern\", \"messages\": [1, 2]}",
            "{\"model\": \"tern\", \"messages\": [{}]}", "{\"model\": \"tern\", \"messages\": [{\"role\": 5}]}",
            "{\"model\": \"tern\", \"messages\": [{\"role\": \"user\", \"content\": {}}]}",
            "{\"model\": \"tern\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\"}]}]}",
            "{\"model\": \"tern\", \"messages\": [{\"role\": \"tool\", \"content\": \"x\"}]}",
            "{\"model\": \"tern\", \"messages\": [{\"role\": \"tool\", \"tool_call_id\": \"nope\", \"content\": \"x\"}]}",
            "{\"model\": \"tern\", \"messages\": [{\"role\": \"assistant\", \"content\": \"x\"}]}",
            "{\"model\": \"tern\", \"stream\": \"yes\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}",
            "{\"model\": \"tern\", \"tools\": \"x\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}",
            "{\"model\": \"tern\", \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"bad name!\"}}], \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}",
            "{\"model\": \"tern\", \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"read_file\"}}], \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}",
            "{\"model\": \"tern\", \"temperature\": \"hot\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}",
            "{\"model\": \"tern\", \"max_tokens\": -1, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}",
            "{\"model\": \"tern\", \"n\": 3, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}",
            "{\"model\": \"tern\", \"messages\": [{\"role\": \"assistant\", \"tool_calls\": [{\"id\": 1}]}, {\"role\": \"user\", \"content\": \"x\"}]}",
            "[".repeat(5000) + "]".repeat(5000),
            "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
        };
        for (String s : fixed) bodies.add(s.getBytes(StandardCharsets.UTF_8));
        bodies.add(new byte[] {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}); // bad UTF-8
        bodies.add(("{\"model\": \"tern\", \"messages\": [{\"role\": \"user\", \"content\": \"\u0000\uD800x\"}]}").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 120; i++) {
            byte[] b = new byte[r.nextInt(400)];
            r.nextBytes(b);
            bodies.add(b);
        }
        for (int i = 0; i < 60; i++) bodies.add(mutate(fixed[r.nextInt(fixed.length)], r));

        List<String> failures = new ArrayList<>();
        for (byte[] body : bodies) {
            String path = r.nextInt(10) == 0 ? "/v1/sessions" : "/v1/chat/completions";
            int status = exchange(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body);
            if (status >= 500) failures.add(status + " for " + preview(body));
        }
        // huge bodies: declared, and actually streamed (chunked) past the limit
        assertThat(exchange(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000000\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), new byte[0])).isEqualTo(413);
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int i = 0; i < 40; i++) chunked.writeBytes(("1000\r\n" + "x".repeat(4096) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(exchange("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII), chunked.toByteArray())).isEqualTo(413);
        // garbage request lines and headers
        for (String raw : new String[] {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET /v1/models HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(100_000) + "\r\n\r\n",
                "GET /\u00ff\u00fe HTTP/1.1\r\nHost: x\r\n\r\n", "POST /v1/chat/completions HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
                "GET /v1/sessions/..%2F..%2Fetc%2Fpasswd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"}) {
            int status = exchange(raw.getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
            if (status >= 500) failures.add(status + " for raw " + preview(raw.getBytes(StandardCharsets.ISO_8859_1)));
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aSlowClientIsDroppedAndDoesNotHoldOthersUp() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", port)) {
            slow.setSoTimeout(15_000);
            OutputStream out = slow.getOutputStream();
            out.write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"mod".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // while it stalls, others are served
            assertThat(f.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(f.post("/v1/chat/completions", GatewayFixture.chat("hello")).statusCode()).isEqualTo(200);
            // and the server gives up on it after its read timeout (2 s here): an answer or a closed connection, never a hang
            long start = System.nanoTime();
            int status = readStatus(slow.getInputStream());
            assertThat(status == -1 || status < 500).as("status " + status).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(14));
        }
    }

    /** Sends a request, returns the status (or -1 when the server closed the connection without one). Fails on a hang. */
    private int exchange(byte[] head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(head);
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before reading everything
            }
            return readStatus(s.getInputStream());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server hung on: " + preview(head), e);
        }
    }

    private static int readStatus(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        try {
            for (int c; (c = in.read()) != -1 && c != '\n'; ) line.append((char) c);
        } catch (java.net.SocketException e) {
            return -1; // reset
        }
        String l = line.toString().strip();
        if (l.isEmpty()) return -1;
        String[] p = l.split(" ");
        return p.length > 1 && p[1].matches("\\d{3}") ? Integer.parseInt(p[1]) : -1;
    }

    private static byte[] mutate(String s, Random r) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0) return new byte[] {(byte) r.nextInt()};
        for (int i = 0; i < 1 + r.nextInt(4); i++) b[r.nextInt(b.length)] = (byte) r.nextInt();
        return b;
    }

    private static String preview(byte[] b) {
        String s = new String(b, 0, Math.min(b.length, 80), StandardCharsets.ISO_8859_1);
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
