package dev.tern.workspace.tools;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The bounded, interruptible walk that {@code glob} and {@code grep} share: regular files under a folder
 * the {@link PathGuard} accepted, in name order per folder, symlinks never followed (so nothing outside
 * the folder is reached), version-control and dependency folders skipped.
 */
final class FileWalk {

    /** Folders never descended into. */
    static final Set<String> SKIPPED = Set.of(".git", ".hg", ".svn", "node_modules", ".tern");

    /** The outcome of a walk: how many files were looked at and whether the visit bound stopped it. */
    record Stats(int visited, boolean stoppedEarly) { }

    private FileWalk() { }

    /**
     * Visits regular files under {@code base}; {@code visitor} gets the file and its path relative to
     * {@code base} ('/' separated) and returns false to stop.
     *
     * @param maxVisited bound on files looked at
     */
    static Stats walk(Path base, int maxVisited, BiPredicate<Path, String> visitor) throws IOException {
        Walk w = new Walk(base, maxVisited, visitor);
        w.folder(base);
        if (Thread.currentThread().isInterrupted()) throw new ToolException("interrupted");
        return new Stats(Math.min(w.visited, maxVisited), w.stoppedEarly);
    }

    /** Depth first, entries sorted by name; stops at the visit bound, at the visitor's word or on interruption. */
    private static final class Walk {
        private final Path base;
        private final int max;
        private final BiPredicate<Path, String> visitor;
        private int visited;
        private boolean stoppedEarly;
        private boolean done;

        Walk(Path base, int max, BiPredicate<Path, String> visitor) {
            this.base = base;
            this.max = max;
            this.visitor = visitor;
        }

        void folder(Path dir) {
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) entries.add(p);
            } catch (IOException e) {
                return; // unreadable folders are skipped, not fatal
            }
            entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
            for (Path p : entries) {
                if (done || Thread.currentThread().isInterrupted()) {
                    done = true;
                    return;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    continue;
                }
                if (a.isDirectory()) {
                    if (!SKIPPED.contains(p.getFileName().toString())) folder(p);
                } else if (a.isRegularFile()) {
                    if (++visited > max) {
                        stoppedEarly = true;
                        done = true;
                        return;
                    }
                    String rel = base.relativize(p).toString().replace('\\', '/');
                    if (!visitor.test(p, rel)) done = true;
                }
            }
        }
    }

    /** The folder (or file) a search starts from: {@code path} or the workspace, through the guard; it must exist. */
    static Path base(PathGuard guard, String raw) {
        Path base = guard.resolve(raw == null || raw.isBlank() ? "." : raw);
        if (!Files.exists(base)) throw new ToolException("not found: " + (raw == null ? "." : raw));
        return base;
    }

    /**
     * A matcher for a glob relative to the walk's base: {@code *.java} matches in every folder (as
     * {@code **}{@code /*.java} does), a pattern with a '/' is matched against the whole relative path.
     */
    static PathMatcher matcher(String glob) {
        String g = glob.strip();
        if (g.startsWith("./")) g = g.substring(2);
        try {
            PathMatcher exact = FileSystems.getDefault().getPathMatcher("glob:" + g);
            if (g.contains("/")) {
                if (!g.startsWith("**/")) return exact;
                PathMatcher rest = FileSystems.getDefault().getPathMatcher("glob:" + g.substring(3));
                return p -> exact.matches(p) || rest.matches(p);
            }
            return p -> exact.matches(p.getFileName() == null ? p : p.getFileName());
        } catch (IllegalArgumentException e) {
            throw new ToolException("invalid glob pattern '" + glob + "': " + e.getMessage());
        }
    }
}
