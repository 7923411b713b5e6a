package dev.tern.memory.responses;

import java.util.Locale;

/**
 * When the response cache checks an entry's HMAC before serving it. Entries read from disk are
 * verified in every mode: the disk is where another process or person can change them.
 */
public enum VerifyMode {
    /** Every memory hit is verified. */
    ALWAYS,
    /** One memory hit in {@code sampleRate} is verified. */
    SAMPLING,
    /** Memory hits are not verified. */
    NEVER;

    /** @throws IllegalArgumentException naming the accepted words */
    public static VerifyMode parse(String s) {
        if (s == null || s.isBlank()) return SAMPLING;
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("responseCache.verify must be always, sampling or never, got '" + s + "'");
        }
    }
}
