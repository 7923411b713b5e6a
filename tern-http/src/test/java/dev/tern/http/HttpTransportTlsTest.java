package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both transports over real TLS: a server the platform does not trust is rejected (the trust store
 * loads lazily but validates exactly like the JDK default); one trusted through a TLS context of our
 * own is reached by its host name, with the connection kept alive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpTransportTlsTest {

    private Path dir;
    private KeyStore store;
    private HttpsServer server;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void startServer() throws Exception {
        dir = Files.createTempDirectory("tern-tls");
        Path ks = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "srv", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", "secret", "-keypass", "secret").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "secret".toCharArray());
        SSLContext serverCtx = SSLContext.getInstance("TLS");
        serverCtx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverCtx));
        server.createContext("/", ex -> {
            clientPorts.add(ex.getRemoteAddress().getPort());
            byte[] body = ("secure " + ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    void stopServer() throws java.io.IOException {
        server.stop(0);
        Files.deleteIfExists(dir.resolve("server.p12"));
        Files.deleteIfExists(dir);
    }

    private TransportRequest get(String host, String path) {
        return TransportRequest.get(URI.create("https://" + host + ":" + server.getAddress().getPort() + path), List.of(),
                new TransportRequest.Timeouts(null, Duration.ofSeconds(10), Duration.ofSeconds(10)));
    }

    @ParameterizedTest
    @ValueSource(strings = {Transports.SOCKET, Transports.JDK, Transports.HELIDON})
    void aSelfSignedServerIsRejected(String transport) {
        try (HttpTransport t = Transports.create(transport, TransportOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(5)))) {
            assertThatThrownBy(() -> t.send(get("127.0.0.1", "/"), new Abort()).close()).isInstanceOf(SSLException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Transports.SOCKET, Transports.JDK, Transports.HELIDON})
    void aTrustedServerIsReachedByNameOnOneKeptAliveConnection(String transport) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);
        clientPorts.clear();
        try (HttpTransport t = Transports.create(transport, TransportOptions.DEFAULT.withTls(trusting))) {
            for (int i = 0; i < 3; i++) {
                try (TransportResponse r = t.send(get("localhost", "/p" + i), new Abort())) {
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("secure /p" + i);
                }
            }
        }
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void theLazyManagerTrustsThePlatformStore() {
        LazyTrustManager tm = new LazyTrustManager();
        // the platform store ships public CAs: an empty list would mean we trust nothing, or were bypassed
        assertThat(tm.getAcceptedIssuers()).isNotEmpty();
    }
}
