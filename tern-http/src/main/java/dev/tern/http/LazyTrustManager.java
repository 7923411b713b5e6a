package dev.tern.http;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's default trust manager (the platform trust store, with endpoint identification), created
 * on the first TLS handshake instead of when the HTTP client is built. Loading the trust store costs
 * ~100 ms of start-up that a run against a local server, or one that has not reached its first HTTPS
 * call yet, should not pay. Every check is delegated unchanged: it validates exactly as the default.
 */
final class LazyTrustManager extends X509ExtendedTrustManager {

    private final java.util.function.Supplier<X509ExtendedTrustManager> loader;
    private volatile X509ExtendedTrustManager delegate;

    LazyTrustManager() { this(LazyTrustManager::load); }

    /** With another way of loading the delegate (tests: a store that cannot be loaded). */
    LazyTrustManager(java.util.function.Supplier<X509ExtendedTrustManager> loader) { this.loader = loader; }

    /** A TLS context whose trust manager loads the default trust store on first use. */
    static SSLContext context() { return context(new LazyTrustManager()); }

    static SSLContext context(LazyTrustManager manager) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {manager}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * The loaded trust manager. A trust store that cannot be loaded (a wrong {@code javax.net.ssl.trustStorePassword}, a
     * missing file) fails the handshake as a certificate problem naming the store and why, which the caller's error
     * shows: as an unchecked exception inside the handshake it became "(internal_error) Unhandled exception".
     */
    private X509ExtendedTrustManager delegate() throws CertificateException {
        X509ExtendedTrustManager d = delegate;
        if (d == null) {
            synchronized (this) {
                d = delegate;
                if (d == null) {
                    try {
                        delegate = d = loader.get();
                    } catch (RuntimeException e) {
                        throw new CertificateException(e.getMessage(), e);
                    }
                }
            }
        }
        return d;
    }

    private static X509ExtendedTrustManager load() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) return x;
            }
            throw new IllegalStateException("the platform has no X509 trust manager");
        } catch (GeneralSecurityException e) {
            String store = System.getProperty("javax.net.ssl.trustStore");
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw new IllegalStateException("cannot load the trust store " + (store == null ? "of the JDK (lib/security/cacerts)"
                    : store + " (javax.net.ssl.trustStore)") + ": " + (root.getMessage() != null ? root.getMessage() : root), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        try {
            return delegate().getAcceptedIssuers();
        } catch (CertificateException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
