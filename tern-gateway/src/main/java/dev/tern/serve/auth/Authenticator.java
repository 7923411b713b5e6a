package dev.tern.serve.auth;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bearer-token authentication. Tokens are looked up by their SHA-256 (one hash and one map lookup per
 * request; the table is built once). With no tokens at all the server is open to its single local user
 * (and binds loopback only).
 */
public final class Authenticator {

    private final Map<String, User> byHash = new HashMap<>();

    public Authenticator(List<TokenEntry> tokens) {
        for (TokenEntry t : tokens) byHash.put(t.sha256(), new User(t.name(), false));
    }

    /** True when no token exists: every call is the local user's. */
    public boolean open() { return byHash.isEmpty(); }

    /** Number of tokens known. */
    public int size() { return byHash.size(); }

    /**
     * The user of an {@code Authorization} header value, or null when it names no valid token.
     * On an open server every caller is {@link User#LOCAL}.
     */
    public User authenticate(String authorization) {
        if (open()) return User.LOCAL;
        if (authorization == null) return null;
        String a = authorization.strip();
        if (a.length() < 8 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String token = a.substring(7).strip();
        if (token.isEmpty() || token.length() > 512) return null;
        return byHash.get(Tokens.hash(token));
    }
}
