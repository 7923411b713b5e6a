package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ConnectionPool;
import org.junit.jupiter.api.Test;

/** What the pool counts an open connection as carrying (the bursts themselves: Http2TransportTest, TlsBurstTest). */
class AlpnConnectionPoolTest {

    /** A connection that only answers its stream limit, or not even that (HTTP/1.1). */
    private static Connection connection(Integer maxMultiplex) {
        Class<?>[] types = maxMultiplex == null ? new Class<?>[] {Connection.class}
                : new Class<?>[] {Connection.class, ConnectionPool.MaxMultiplexable.class};
        return (Connection) Proxy.newProxyInstance(AlpnConnectionPoolTest.class.getClassLoader(), types, (p, m, a) -> {
            if (m.getName().equals("getMaxMultiplex")) return maxMultiplex;
            throw new UnsupportedOperationException(m.getName());
        });
    }

    @Test
    void anHttp2ConnectionCarriesItsServersLimitAndAnUnlimitedOneIsNotCountedAsOne() {
        assertThat(AlpnConnectionPool.streams(connection(256))).isEqualTo(256);
        // a server that sets no SETTINGS_MAX_CONCURRENT_STREAMS allows any number (Jetty reports -1)
        assertThat(AlpnConnectionPool.streams(connection(-1))).isEqualTo(AlpnConnectionPool.UNLIMITED);
        assertThat(AlpnConnectionPool.streams(connection(0))).isEqualTo(AlpnConnectionPool.UNLIMITED);
    }

    @Test
    void anHttp11ConnectionCarriesOneRequest() {
        assertThat(AlpnConnectionPool.streams(connection(null))).isEqualTo(1);
    }
}
