package dev.tern.workspace.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Whole-file writes that readers never see half done: temp file in the same folder, then an atomic rename. */
public final class AtomicFiles {

    private AtomicFiles() { }

    /** Writes {@code content} as UTF-8 to {@code target}, creating parent folders; keeps existing POSIX permissions. */
    public static long write(Path target, String content) throws IOException {
        return write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Like {@link #write(Path, byte[])}, for callers that report I/O failures as unchecked. */
    public static void writeUnchecked(Path target, byte[] bytes) {
        try {
            write(target, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces {@code target} atomically: a unique temp file in the same folder, then an atomic move, so a
     * reader sees the old or the new content, never a mix, and a crash leaves no partial file.
     */
    public static long write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, bytes);
            copyPermissions(target, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return bytes.length;
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from) && from.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } else if (to.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
