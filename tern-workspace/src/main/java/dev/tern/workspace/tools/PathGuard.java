package dev.tern.workspace.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves the paths the model gives against the workspace and, when confinement is on, refuses any
 * that lead outside it: {@code ..} that climbs out, absolute paths elsewhere, and symlinks whose real
 * target is outside. The file tools read, list and write through {@link #files()}, which opens every
 * component relative to its parent's handle without following links ({@link ConfinedFiles}), so a
 * symlink swapped in after a check cannot redirect the access. Thread-safe and immutable.
 */
public final class PathGuard {

    private final Path root;
    private final Path realRoot;
    private final boolean restrict;
    private final ProtectedPaths protectedPaths;
    private final ConfinedFiles files;

    /**
     * @param workspace the workspace folder (need not exist yet)
     * @param restrict  true to confine every path to the workspace
     */
    public PathGuard(Path workspace, boolean restrict) {
        this(workspace, restrict, ProtectedPaths.forWorkspace(workspace, null, null));
    }

    /** @param protectedPaths what file tools may write only under its own name (never through a link) */
    public PathGuard(Path workspace, boolean restrict, ProtectedPaths protectedPaths) {
        this.root = workspace.toAbsolutePath().normalize();
        this.realRoot = realOrSelf(root);
        this.restrict = restrict;
        this.protectedPaths = protectedPaths;
        this.files = new ConfinedFiles(restrict ? realRoot : Path.of("/"), restrict);
    }

    public Path root() { return root; }

    public boolean restricted() { return restrict; }

    public ProtectedPaths protectedPaths() { return protectedPaths; }

    /** Race-free reads, listings and writes under this guard's rules. */
    ConfinedFiles files() { return files; }

    /**
     * The absolute path {@code raw} names, checked lexically against the workspace (no disk access),
     * with the workspace prefix in its real spelling; {@link #files()} checks links while opening.
     *
     * @throws ToolException when the path is invalid or lies outside the workspace
     */
    public Path confined(String raw) {
        Path abs = lexical(raw);
        if (!restrict) return abs;
        if (abs.startsWith(realRoot)) return abs;
        if (abs.startsWith(root)) return realRoot.resolve(root.relativize(abs));
        throw new ToolException("path '" + raw + "' is outside the workspace " + root
                + " (file access is restricted to the workspace)");
    }

    /**
     * Refuses a write that reaches a protected item through a link of another name: the permission
     * gate asks the user about protected items by the name the model gave, so that must be the name.
     */
    void checkNotAliased(String raw, Path lexical, Path real) {
        var wanted = protectedPaths.match(real);
        if (wanted.isPresent() && !wanted.equals(protectedPaths.match(mapToRoot(lexical)))) {
            throw new ToolException("refused: '" + raw + "' leads through a symlink to the protected " + wanted.get()
                    + "; write protected files by their own name (the user is asked first)");
        }
    }

    private Path mapToRoot(Path abs) {
        return abs.startsWith(realRoot) || !abs.startsWith(root) ? abs : realRoot.resolve(root.relativize(abs));
    }

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
