package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** What every transport must do, against a real loopback server that controls every byte. */
@ParameterizedClass(name = "transport {0}")
@ValueSource(strings = {Transports.SOCKET, Transports.JDK})
class TransportContractTest {

    private static final TransportRequest.Timeouts PATIENT =
            new TransportRequest.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10));

    @Parameter
    String name;

    private static final java.util.Map<String, HttpTransport> TRANSPORTS = new java.util.concurrent.ConcurrentHashMap<>();
    private HttpTransport transport;

    @BeforeEach
    void open() {
        transport = TRANSPORTS.computeIfAbsent(name, n -> Transports.create(n, TransportOptions.DEFAULT.withMaxConnecting(8)));
    }

    @AfterAll
    static void closeAll() { TRANSPORTS.values().forEach(HttpTransport::close); }

    private static String text(TransportResponse r) throws IOException {
        try (r) {
            return new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private TransportResponse get(RawServer s, TransportRequest.Timeouts t, Abort abort) throws IOException {
        return transport.send(TransportRequest.get(URI.create(s.url("/x?q=1")), List.of("x-test", "yes"), t), abort);
    }

    private static boolean fixed(java.io.OutputStream out, String body) throws IOException {
        RawServer.write(out, "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
        return true;
    }

    @Test
    void fixedLengthBodiesOnOneKeptAliveConnection() throws Exception {
        try (RawServer s = RawServer.start((r, out, sock) -> fixed(out, "hello " + r.number() + " " + r.target()
                + " " + r.headers().get("x-test")))) {
            for (int i = 1; i <= 5; i++) {
                TransportResponse r = get(s, PATIENT, new Abort());
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.headers().first("Content-Type")).isEqualTo("text/plain");
                assertThat(text(r)).isEqualTo("hello " + i + " /x?q=1 yes");
            }
            assertThat(s.connections()).isEqualTo(1);
        }
    }

    @Test
    void longHeadersAndLargeBodiesAfterSmallOnesOnOneConnection() throws Exception {
        String big = "0123456789abcdef".repeat(8 * 1024); // 128 KB, far past any first read buffer
        String longValue = "v".repeat(3000);
        try (RawServer s = RawServer.start((r, out, sock) -> {
            if (r.number() % 2 == 1) return fixed(out, "small " + r.number());
            StringBuilder chunked = new StringBuilder("HTTP/1.1 200 OK\r\nx-long: " + longValue
                    + "\r\ntransfer-encoding: chunked\r\n\r\n");
            for (int i = 0; i < big.length(); i += 5000) {
                String part = big.substring(i, Math.min(big.length(), i + 5000));
                chunked.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
            }
            RawServer.write(out, chunked.append("0\r\n\r\n").toString());
            return true;
        })) {
            for (int round = 0; round < 2; round++) {
                assertThat(text(get(s, PATIENT, new Abort()))).startsWith("small ");
                TransportResponse r = get(s, PATIENT, new Abort());
                assertThat(r.headers().first("x-long")).isEqualTo(longValue);
                try (r) {
                    java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
                    byte[] small = new byte[7];
                    int n;
                    while (got.size() < 1000 && (n = r.body().read(small)) > 0) got.write(small, 0, n); // small reads
                    got.write(r.body().readAllBytes()); // then large ones
                    assertThat(got.toString(StandardCharsets.UTF_8)).isEqualTo(big);
                }
            }
            assertThat(s.connections()).isEqualTo(1);
        }
    }

    @Test
    void chunkedBodiesAreDechunkedAndTheConnectionReused() throws Exception {
        try (RawServer s = RawServer.start((r, out, sock) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\nhello\r\n1\r\n \r\n6\r\nchunks\r\n0\r\nx-trailer: t\r\n\r\n");
            return true;
        })) {
            assertThat(text(get(s, PATIENT, new Abort()))).isEqualTo("hello chunks");
            assertThat(text(get(s, PATIENT, new Abort()))).isEqualTo("hello chunks");
            assertThat(s.connections()).isEqualTo(1);
        }
    }

    @Test
    void postBodiesArriveWithTheirLength() throws Exception {
        List<String> seen = new ArrayList<>();
        try (RawServer s = RawServer.start((r, out, sock) -> {
            seen.add(r.method() + " " + r.headers().get("content-length") + " " + new String(r.body(), StandardCharsets.UTF_8));
            return fixed(out, "ok");
        })) {
            byte[] big = "é".repeat(40_000).getBytes(StandardCharsets.UTF_8);
            for (byte[] body : List.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8), big)) {
                TransportResponse r = transport.send(TransportRequest.post(URI.create(s.url("/p")),
                        List.of("content-type", "application/json"), TransportRequest.Body.of(body), PATIENT), new Abort());
                assertThat(text(r)).isEqualTo("ok");
            }
            assertThat(seen.get(0)).isEqualTo("POST 7 {\"a\":1}");
            assertThat(seen.get(1)).startsWith("POST " + big.length + " éé");
        }
    }

    @Test
    void aBodyWithoutLengthEndsWithTheConnection() throws Exception {
        try (RawServer s = RawServer.start((r, out, sock) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nuntil the end");
            return false;
        })) {
            assertThat(text(get(s, PATIENT, new Abort()))).isEqualTo("until the end");
            assertThat(text(get(s, PATIENT, new Abort()))).isEqualTo("until the end");
            assertThat(s.connections()).isEqualTo(2);
        }
    }

    @Test
    void aKeptAliveConnectionTheServerClosedIsReplacedTransparently() throws Exception {
        Assumptions.assumeTrue(name.equals(Transports.SOCKET), "the JDK client retries only idempotent requests");
        try (RawServer s = RawServer.start((r, out, sock) -> {
            fixed(out, "n" + r.number());
            return false; // closes after answering, without saying so
        })) {
            for (int i = 1; i <= 3; i++) {
                TransportResponse r = transport.send(TransportRequest.post(URI.create(s.url("/p")), null,
                        TransportRequest.Body.of(new byte[] {'{', '}'}), PATIENT), new Abort());
                assertThat(text(r)).isEqualTo("n" + i);
            }
        }
    }

    @Test
    void noHeadersWithinTheTimeoutIsAHeadersTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer s = RawServer.start((r, out, sock) -> {
            release.await();
            return false;
        })) {
            long t0 = System.nanoTime();
            // the JDK bounds connect and headers together: on a loaded machine its connect may be what runs out
            assertThatThrownBy(() -> get(s, new TransportRequest.Timeouts(null, Duration.ofMillis(300), null), new Abort()))
                    .isInstanceOf(name.equals(Transports.JDK) ? TransportTimeoutException.class : TransportTimeoutException.Headers.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aSilentBodyIsAnIdleTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer s = RawServer.start((r, out, sock) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nfirst\r\n");
            release.await();
            return false;
        })) {
            TransportResponse r = get(s, new TransportRequest.Timeouts(null, Duration.ofSeconds(5), Duration.ofMillis(300)), new Abort());
            InputStream in = r.body();
            assertThat(new String(in.readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("first");
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> in.read(new byte[10])).isInstanceOf(TransportTimeoutException.Idle.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
            r.close();
        } finally {
            release.countDown();
        }
    }

    @Test
    void anAbortEndsTheWaitForHeadersAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer s = RawServer.start((r, out, sock) -> {
            release.await();
            return false;
        })) {
            Abort abort = new Abort();
            Thread.ofVirtual().start(() -> {
                abort.sleep(Duration.ofMillis(300));
                abort.abort("test");
            });
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> get(s, PATIENT, abort)).isInstanceOf(AbortedException.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
        } finally {
            release.countDown();
        }
    }

    @Test
    void anAbortEndsABlockedBodyReadAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer s = RawServer.start((r, out, sock) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nsome");
            release.await();
            return false;
        })) {
            Abort abort = new Abort();
            TransportResponse r = get(s, PATIENT, abort);
            InputStream in = r.body();
            assertThat(in.readNBytes(4)).hasSize(4);
            Thread.ofVirtual().start(() -> {
                abort.sleep(Duration.ofMillis(200));
                abort.abort("test");
            });
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> in.read(new byte[10])).isInstanceOf(AbortedException.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
            r.close();
        } finally {
            release.countDown();
        }
    }

    @Test
    void aRefusedConnectionIsAnIoError() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0)) { port = ss.getLocalPort(); }
        assertThatThrownBy(() -> transport.send(TransportRequest.get(URI.create("http://127.0.0.1:" + port + "/"), null, PATIENT),
                new Abort())).isInstanceOf(IOException.class).isNotInstanceOf(TransportTimeoutException.class);
    }

    @Test
    void aBurstOfConcurrentRequestsAllSucceed() throws Exception {
        try (RawServer s = RawServer.start((r, out, sock) -> {
            Thread.sleep(50);
            return fixed(out, "ok");
        }); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < 400; i++) all.add(pool.submit(() -> text(get(s, PATIENT, new Abort()))));
            for (Future<String> f : all) assertThat(f.get()).isEqualTo("ok");
            assertThat(s.requests()).isEqualTo(400);
        }
    }
}
