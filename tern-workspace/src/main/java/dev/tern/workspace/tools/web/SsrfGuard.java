package dev.tern.workspace.tools.web;

import dev.tern.workspace.tools.ToolException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses URLs that point into the machine or its private networks (server-side request forgery):
 * only http and https; every address the host resolves to must be public — not loopback, private
 * (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 incl. the cloud metadata address,
 * fe80::/10), CGNAT (100.64/10), unspecified, multicast, broadcast or reserved, also when written as
 * IPv4-mapped/compatible IPv6 or NAT64. {@code localhost} and {@code *.localhost} are refused by name.
 *
 * <p>An allow-list exempts hosts the operator trusts: an entry {@code host} allows every port of that
 * host, {@code host:port} only that port. Hosts are compared as written in the URL (lower case).
 */
public final class SsrfGuard {

    /** Resolves host names; replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Set<String> allowHosts;
    private final Resolver resolver;

    public SsrfGuard(Set<String> allowHosts) { this(allowHosts, InetAddress::getAllByName); }

    public SsrfGuard(Set<String> allowHosts, Resolver resolver) {
        this.allowHosts = Set.copyOf(allowHosts);
        this.resolver = resolver;
    }

    /**
     * Checks a URL before it is requested (the first one and every redirect hop).
     *
     * @return the addresses the host resolved to (empty when allow-listed)
     * @throws ToolException with a one-line reason when the URL is refused
     */
    public List<InetAddress> check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ToolException("refused " + uri + ": only http and https URLs can be fetched");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) throw new ToolException("refused " + uri + ": the URL has no host");
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (allowed(host, port)) return List.of();
        if (host.equals("localhost") || host.endsWith(".localhost") || host.equals("localhost.localdomain")) {
            throw new ToolException("refused " + uri + ": localhost is not reachable from web tools");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new ToolException("cannot resolve host '" + host + "'");
        }
        for (InetAddress a : addresses) {
            String why = blockedReason(a);
            if (why != null) {
                throw new ToolException("refused " + uri + ": " + host + " resolves to " + a.getHostAddress()
                        + ", a " + why + " address (not reachable from web tools)");
            }
        }
        return List.of(addresses);
    }

    private boolean allowed(String host, int port) {
        if (allowHosts.isEmpty()) return false;
        String bracketed = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return allowHosts.contains(host) || allowHosts.contains(bracketed)
                || allowHosts.contains(bracketed + ":" + port);
    }

    /** Why the address must not be contacted, or null when it is public. */
    public static String blockedReason(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            InetAddress embedded = embeddedV4(b);
            if (embedded != null) {
                String inner = blockedReason(embedded);
                return inner == null ? null : inner + " (IPv4-in-IPv6)";
            }
            if (v6.isLoopbackAddress()) return "loopback";
            if (v6.isAnyLocalAddress()) return "unspecified";
            if (v6.isLinkLocalAddress()) return "link-local";
            if (v6.isSiteLocalAddress()) return "site-local";
            if (v6.isMulticastAddress()) return "multicast";
            if ((b[0] & 0xfe) == 0xfc) return "private (unique local)";
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) return "documentation";
            return null;
        }
        byte[] b = a.getAddress();
        int o0 = b[0] & 0xff;
        int o1 = b[1] & 0xff;
        if (a.isLoopbackAddress() || o0 == 127) return "loopback";
        if (a.isAnyLocalAddress() || o0 == 0) return "unspecified";
        if (o0 == 10 || o0 == 172 && (o1 & 0xf0) == 16 || o0 == 192 && o1 == 168) return "private";
        if (o0 == 169 && o1 == 254) return "link-local";
        if (o0 == 100 && (o1 & 0xc0) == 64) return "carrier-grade NAT";
        if (o0 == 192 && o1 == 0 && (b[2] & 0xff) == 0) return "reserved (IETF)";
        if (o0 == 198 && (o1 == 18 || o1 == 19)) return "benchmarking";
        if (a.isMulticastAddress() || o0 >= 224) return o0 >= 240 ? "reserved" : "multicast";
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) or NAT64 (64:ff9b::) address. */
    private static InetAddress embeddedV4(byte[] b) {
        boolean zeros10 = true;
        for (int i = 0; i < 10; i++) zeros10 &= b[i] == 0;
        boolean mapped = zeros10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compat = zeros10 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xfe) == 0);
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        if (!mapped && !compat && !nat64) return null;
        try {
            return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
