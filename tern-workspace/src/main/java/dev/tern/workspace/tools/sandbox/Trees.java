package dev.tern.workspace.tools.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** File trees: deleting without following symlinks, copying the allow-listed part of /etc. */
final class Trees {

    private Trees() { }

    /**
     * Copies {@code src} to {@code dst}: a file (following a link at the top, e.g. resolv.conf), or a
     * folder tree whose inner links are recreated as links; entries under {@code skip} and unreadable
     * ones are left out. A missing {@code src} copies nothing.
     */
    static void copyAllowed(Path src, Path dst, java.util.Set<Path> skip) throws IOException {
        if (!Files.exists(src) || skip.contains(src)) return;
        if (!Files.isDirectory(src)) {
            if (Files.isReadable(src)) Files.copy(src, dst);
            return;
        }
        Path root = src.toRealPath();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (skip.contains(src.resolve(root.relativize(dir)))) return FileVisitResult.SKIP_SUBTREE;
                Files.createDirectories(dst.resolve(root.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path to = dst.resolve(root.relativize(file).toString());
                if (attrs.isSymbolicLink()) Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                else if (attrs.isRegularFile() && Files.isReadable(file)) Files.copy(file, to);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(root);
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
