package dev.tern.workspace.tools.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.workspace.tools.ToolException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsrfGuardTest {

    /** Fake DNS for names; literals parse as usual (no network either way). */
    private static final Map<String, String> DNS = Map.of("public.example", "93.184.216.34",
            "internal.example", "10.0.0.5", "rebind.example", "93.184.216.34,127.0.0.1", "meta.example", "169.254.169.254");
    private final SsrfGuard guard = new SsrfGuard(Set.of("intranet.example", "127.0.0.1:8080"), SsrfGuardTest::resolve);

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String v = DNS.get(host);
        if (v == null) return InetAddress.getAllByName(host);
        String[] parts = v.split(",");
        InetAddress[] out = new InetAddress[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = InetAddress.getByName(parts[i]);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://127.0.0.1/", "http://127.1.2.3:9000/",
        "http://[::1]/", "http://10.1.2.3/", "http://0.0.0.0/", "http://localhost/", "http://LOCALHOST:8080/",
        "http://api.localhost/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/", "http://100.64.0.1/",
        "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[fe80::1]/", "http://[::]/", "http://224.0.0.1/",
        "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/", "http://[64:ff9b::a00:1]/", "http://2130706433/",
        "http://internal.example/", "http://rebind.example/", "http://meta.example/", "http://127.0.0.1:8081/",
        "file:///etc/passwd", "ftp://public.example/", "gopher://public.example/"})
    void refuses(String url) {
        assertThatThrownBy(() -> guard.check(URI.create(url))).as(url).isInstanceOf(ToolException.class)
                .hasMessageStartingWith("refused");
    }

    @Test
    void allowsPublicAddressesAndAllowListedHosts() {
        assertThat(guard.check(URI.create("https://public.example/x"))).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34");
        assertThat(guard.check(URI.create("http://93.184.216.34/"))).hasSize(1);
        assertThat(guard.check(URI.create("http://intranet.example:1234/"))).isEmpty(); // host entry: any port
        assertThat(guard.check(URI.create("http://127.0.0.1:8080/"))).isEmpty();         // host:port entry: that port only
        assertThatThrownBy(() -> guard.check(URI.create("http://127.0.0.1:8081/"))).hasMessageContaining("loopback");
    }

    @Test
    void classifiesMappedAndCompatibleIpv6() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 1;
        assertThat(SsrfGuard.blockedReason(Inet6Address.getByAddress(null, mapped, -1))).contains("private");
        assertThat(SsrfGuard.blockedReason(InetAddress.getByName("2606:4700::1111"))).isNull();
        assertThat(SsrfGuard.blockedReason(InetAddress.getByName("8.8.8.8"))).isNull();
        assertThat(SsrfGuard.blockedReason(InetAddress.getByName("100.128.0.1"))).isNull(); // just outside CGNAT
        assertThat(SsrfGuard.blockedReason(InetAddress.getByName("172.32.0.1"))).isNull();  // just outside 172.16/12
    }

    @Test
    void unresolvableHostsGiveAClearError() {
        assertThatThrownBy(() -> guard.check(URI.create("http://no-such-host.invalid/")))
                .isInstanceOf(ToolException.class).hasMessageContaining("cannot resolve host");
    }
}
