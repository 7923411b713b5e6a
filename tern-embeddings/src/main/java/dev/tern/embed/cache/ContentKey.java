package dev.tern.embed.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of (model id, text): the identity of one embedding. Two texts that differ in one byte, or
 * one text under two models, never share a key. Held as four longs (32 bytes, no array).
 */
public record ContentKey(long h0, long h1, long h2, long h3) {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The key of {@code text} embedded by the model {@code modelId}. */
    public static ContentKey of(String modelId, String text) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        sha.update(modelId.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0); // separator: ("ab","c") and ("a","bc") differ
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        ByteBuffer d = ByteBuffer.wrap(sha.digest());
        return new ContentKey(d.getLong(), d.getLong(), d.getLong(), d.getLong());
    }

    /** 64 lowercase hex digits. */
    public String hex() {
        char[] out = new char[64];
        long[] parts = {h0, h1, h2, h3};
        for (int p = 0; p < 4; p++) {
            long v = parts[p];
            for (int i = 15; i >= 0; i--) {
                out[p * 16 + i] = HEX[(int) (v & 0xF)];
                v >>>= 4;
            }
        }
        return new String(out);
    }
}
