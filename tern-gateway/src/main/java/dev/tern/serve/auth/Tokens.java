package dev.tern.serve.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Making and hashing bearer tokens. A token is {@code tern_} + 256 random bits (base64url); only its SHA-256 is stored. */
public final class Tokens {

    public static final String PREFIX = "tern_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() { }

    /** A new random token. */
    public static String create() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Lowercase hex of SHA-256 over the token's UTF-8 bytes. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
