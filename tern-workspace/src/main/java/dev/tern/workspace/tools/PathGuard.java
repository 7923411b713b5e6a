package dev.tern.workspace.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves the paths the model gives against the workspace and, when confinement is on, refuses any
 * that lead outside it: {@code ..} that climbs out, absolute paths elsewhere, and symlinks whose real
 * target is outside (checked on the nearest existing ancestor, so files about to be created are
 * covered too). Thread-safe and immutable.
 */
public final class PathGuard {

    private final Path root;
    private final Path realRoot;
    private final boolean restrict;

    /**
     * @param workspace the workspace folder (need not exist yet)
     * @param restrict  true to confine every path to the workspace
     */
    public PathGuard(Path workspace, boolean restrict) {
        this.root = workspace.toAbsolutePath().normalize();
        this.realRoot = realOrSelf(root);
        this.restrict = restrict;
    }

    public Path root() { return root; }

    public boolean restricted() { return restrict; }

    /**
     * The absolute, normalized path for {@code raw} without touching the disk (for resource keys):
     * relative paths resolve against the workspace, {@code ~} against the home folder.
     */
    public Path lexical(String raw) {
        if (raw == null || raw.isBlank()) throw new ToolException("path is empty");
        if (raw.indexOf('\0') >= 0) throw new ToolException("path contains a NUL character");
        String s = raw.strip();
        if (s.equals("~") || s.startsWith("~/")) s = System.getProperty("user.home") + s.substring(1);
        try {
            Path p = Path.of(s);
            return (p.isAbsolute() ? p : root.resolve(p)).normalize();
        } catch (InvalidPathException e) {
            throw new ToolException("invalid path '" + raw + "': " + e.getReason());
        }
    }

    /**
     * The real location {@code raw} refers to (symlinks inside the workspace resolved), after the
     * confinement checks.
     *
     * @throws ToolException when the path is invalid or escapes the workspace
     */
    public Path resolve(String raw) {
        Path abs = lexical(raw);
        if (!restrict) return abs;
        if (!abs.startsWith(root) && !abs.startsWith(realRoot)) {
            throw new ToolException("path '" + raw + "' is outside the workspace " + root
                    + " (file access is restricted to the workspace)");
        }
        Path existing = abs;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
        if (existing == null) return abs;
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            throw new ToolException("path '" + raw + "' goes through a broken symlink (" + existing + ")");
        }
        if (!real.startsWith(realRoot)) {
            throw new ToolException("path '" + raw + "' resolves through a symlink to " + real
                    + ", outside the workspace " + root + " (file access is restricted to the workspace)");
        }
        return real.resolve(existing.relativize(abs));
    }

    /** The path as the model should see it: relative to the workspace when inside it. */
    public String display(Path p) {
        if (p.startsWith(realRoot)) return relOrDot(realRoot.relativize(p));
        if (p.startsWith(root)) return relOrDot(root.relativize(p));
        return p.toString();
    }

    private static String relOrDot(Path rel) {
        String s = rel.toString();
        return s.isEmpty() ? "." : s;
    }

    private static Path realOrSelf(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }
}
