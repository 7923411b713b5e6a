package dev.tern.serve.users;

import dev.tern.runtime.RuntimeOptions;
import dev.tern.runtime.TernRuntime;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.serve.auth.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The workspace of each user, opened once on the process's ONE {@link TernRuntime} (one HTTP client, one
 * set of counters: seed 002 PERF-001/002/011/017) and kept: the local user of a server without tokens works
 * in the workspace itself; each token's user in {@code <workspace>/users/<name>/}, with its own sessions,
 * memory and files. A new user folder starts with copies of the workspace's bootstrap files
 * ({@code AGENTS.md SOUL.md TOOLS.md IDENTITY.md}) and of its skills, agents and workflows, so every user
 * meets the same assistant (later changes to the workspace's copies are not propagated).
 */
public final class UserSpaces implements AutoCloseable {

    /** Files a new user's folder starts with (when the workspace has them); USER.md and memory are the user's own. */
    public static final List<String> SEEDED = List.of("AGENTS.md", "SOUL.md", "TOOLS.md", "IDENTITY.md");

    /** Folders a new user's folder starts with copies of: skills, agent and workflow definitions. */
    public static final List<String> SEEDED_FOLDERS = List.of("skills", "agents", "workflows", ".claude/agents");

    private final TernRuntime runtime;
    private final Path root;
    private final Function<Path, RuntimeOptions> options;
    private final Map<String, WorkspaceRuntime> open = new ConcurrentHashMap<>();

    /**
     * @param runtime the process's runtime
     * @param root    the served workspace
     * @param options the runtime options for a workspace folder (config file, environment, permission mode)
     */
    public UserSpaces(TernRuntime runtime, Path root, Function<Path, RuntimeOptions> options) {
        this.runtime = runtime;
        this.root = root;
        this.options = options;
    }

    public TernRuntime runtime() { return runtime; }

    public Path root() { return root; }

    /** The folder of a user's workspace. */
    public Path folder(User user) {
        return user.local() ? root : root.resolve("users").resolve(user.name());
    }

    /** The served workspace itself (channels, cron, heartbeat, the local user). */
    public WorkspaceRuntime rootSpace() {
        return open.computeIfAbsent("\0root", k -> runtime.open(options.apply(root)));
    }

    /**
     * The user's workspace, opened on first use.
     *
     * @throws dev.tern.runtime.SetupException when it cannot be assembled
     */
    public WorkspaceRuntime of(User user) {
        if (user.local()) return rootSpace();
        WorkspaceRuntime w = open.get(user.name());
        if (w != null) return w;
        return open.computeIfAbsent(user.name(), n -> {
            Path dir = folder(user);
            seed(dir);
            return runtime.open(options.apply(dir));
        });
    }

    /** The workspaces opened so far. */
    public List<WorkspaceRuntime> opened() { return List.copyOf(open.values()); }

    private void seed(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String f : SEEDED) {
                Path src = root.resolve(f), dst = dir.resolve(f);
                if (Files.isRegularFile(src) && !Files.exists(dst)) Files.copy(src, dst);
            }
            for (String f : SEEDED_FOLDERS) {
                Path src = root.resolve(f), dst = dir.resolve(f);
                if (!Files.isDirectory(src) || Files.exists(dst)) continue;
                try (var files = Files.walk(src)) {
                    for (Path p : (Iterable<Path>) files::iterator) {
                        Path to = dst.resolve(src.relativize(p).toString());
                        if (Files.isDirectory(p)) Files.createDirectories(to);
                        else if (Files.isRegularFile(p)) Files.copy(p, to);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the user workspace " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (WorkspaceRuntime w : open.values()) w.close();
        open.clear();
    }
}
