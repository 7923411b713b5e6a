package dev.tern.memory.responses;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures of cache entries with a workspace secret: 32 random bytes generated once
 * in {@code hmac.key} (owner read/write only, 0600), shared by every process using the workspace.
 * {@link Mac} instances are pooled (virtual threads make thread-locals a poor fit).
 */
final class Signer {

    static final int LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final ConcurrentLinkedQueue<Mac> pool = new ConcurrentLinkedQueue<>();

    private Signer(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** A signer with a fresh secret that lives only in this process (a cache without a disk tier). */
    static Signer ephemeral() {
        byte[] s = new byte[LENGTH];
        new SecureRandom().nextBytes(s);
        return new Signer(s);
    }

    /**
     * The workspace's signer: reads {@code file}, or creates it with a new secret (0600, written to a
     * temporary file and moved into place, so a concurrent process never reads half a key).
     *
     * @throws IOException when the key cannot be read or created, or has the wrong size
     */
    static Signer forKeyFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            byte[] s = new byte[LENGTH];
            new SecureRandom().nextBytes(s);
            Path tmp = Files.createTempFile(file.getParent(), ".hmac", ".tmp");
            try {
                restrict(tmp);
                Files.write(tmp, s);
                Files.createLink(file, tmp); // atomic, and fails if another process won the race
            } catch (FileAlreadyExistsException e) {
                // the other process's key is the workspace's key
            } catch (UnsupportedOperationException e) {
                try {
                    Files.move(tmp, file); // no hard links here: not atomic against a racing process, but never replaces
                } catch (FileAlreadyExistsException raced) {
                    // as above
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        byte[] secret = Files.readAllBytes(file);
        if (secret.length != LENGTH) {
            throw new IOException(file + ": expected a " + LENGTH + "-byte key, found " + secret.length
                    + " bytes (delete it to start the cache over)");
        }
        return new Signer(secret);
    }

    private static void restrict(Path p) throws IOException {
        try {
            Set<PosixFilePermission> rw = PosixFilePermissions.fromString("rw-------");
            Files.setPosixFilePermissions(p, rw);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file inherits the folder's access rules
        }
    }

    byte[] sign(byte[] data) {
        Mac mac = take();
        try {
            return mac.doFinal(data);
        } finally {
            pool.offer(mac);
        }
    }

    /** Whether {@code signature} is {@code data}'s (constant-time comparison). */
    boolean verify(byte[] data, byte[] signature) {
        return MessageDigest.isEqual(sign(data), signature);
    }

    private Mac take() {
        Mac m = pool.poll();
        if (m != null) return m;
        try {
            m = Mac.getInstance(ALGORITHM);
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
