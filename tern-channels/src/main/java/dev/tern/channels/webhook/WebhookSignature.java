package dev.tern.channels.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures of webhook requests, both directions: header {@code X-Tern-Timestamp} (Unix
 * seconds) and {@code X-Tern-Signature: sha256=<hex of HMAC(secret, timestamp + "." + body)>}. The
 * timestamp is signed too and must be within five minutes, so a captured request cannot be replayed later.
 */
public final class WebhookSignature {

    public static final String TIMESTAMP_HEADER = "X-Tern-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Tern-Signature";
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private final byte[] key;

    public WebhookSignature(String secret) {
        if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("empty secret");
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code X-Tern-Signature} value for a body sent at {@code timestamp}. */
    public String sign(long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Null when the request is authentic and fresh, else why not (one line, safe to return to the caller). */
    public String check(String timestampHeader, String signatureHeader, byte[] body, Clock clock) {
        if (timestampHeader == null || signatureHeader == null) return "missing " + TIMESTAMP_HEADER + " or " + SIGNATURE_HEADER;
        long ts;
        try {
            ts = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return TIMESTAMP_HEADER + " is not a number of seconds";
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - ts);
        if (skew > MAX_SKEW.toSeconds()) return TIMESTAMP_HEADER + " is " + skew + " s away from now (at most " + MAX_SKEW.toSeconds() + ")";
        byte[] expected = sign(ts, body).getBytes(StandardCharsets.US_ASCII);
        byte[] got = signatureHeader.strip().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, got) ? null : "bad signature";
    }
}
