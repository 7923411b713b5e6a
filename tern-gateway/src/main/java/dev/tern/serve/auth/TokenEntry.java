package dev.tern.serve.auth;

import java.util.regex.Pattern;

/**
 * One bearer token as stored: the user it stands for and the SHA-256 of the token (never the token).
 *
 * @param name   the user (letters, digits, {@code _ . -}; 1-64): also the name of the user's workspace folder
 * @param sha256 lowercase hex of SHA-256 over the token's UTF-8 bytes
 */
public record TokenEntry(String name, String sha256) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public TokenEntry {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name must be 1-64 of letters, digits, '_', '.', '-' (starting with a letter or digit), got '" + name + "'");
        }
        if (sha256 == null || !HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("token hash of '" + name + "' must be 64 lowercase hex digits (SHA-256)");
        }
    }

    /** Validates with a message naming where the entry came from. */
    public static TokenEntry of(String name, String sha256, String where) {
        try {
            return new TokenEntry(name, sha256 == null ? null : sha256.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    /** True for a valid user name. */
    public static boolean validName(String name) { return name != null && NAME.matcher(name).matches(); }
}
