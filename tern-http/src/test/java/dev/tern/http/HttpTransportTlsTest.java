package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both transports load the trust store lazily, but validate exactly like the JDK default. */
class HttpTransportTlsTest {

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {Transports.SOCKET, Transports.JDK})
    void aSelfSignedServerIsRejected(String transport) throws Exception {
        Path ks = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "srv", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", "secret", "-keypass", "secret").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "secret".toCharArray());
        SSLContext serverCtx = SSLContext.getInstance("TLS");
        serverCtx.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverCtx));
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        try (HttpTransport t = Transports.create(transport, TransportOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(5)))) {
            TransportRequest req = TransportRequest.get(URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/"),
                    null, new TransportRequest.Timeouts(null, Duration.ofSeconds(10), Duration.ofSeconds(10)));
            assertThatThrownBy(() -> t.send(req, new Abort()).close())
                    .isInstanceOf(SSLException.class);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theLazyManagerTrustsThePlatformStore() {
        LazyTrustManager tm = new LazyTrustManager();
        // the platform store ships public CAs: an empty list would mean we trust nothing, or were bypassed
        assertThat(tm.getAcceptedIssuers()).isNotEmpty();
    }
}
