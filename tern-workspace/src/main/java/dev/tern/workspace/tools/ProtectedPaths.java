package dev.tern.workspace.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The files a model must not change without the user's explicit approval, because changing them
 * changes what Tern itself runs or trusts: the workspace's {@code .mcp.json} (commands Tern starts),
 * {@code .tern/} (tool lists, logs, state), {@code .git/} (hooks run by git), {@code sessions/} (the
 * conversation record), agent, hook and workflow definitions ({@code agents/}, {@code hooks/},
 * {@code workflows/}), the config file and the user's Tern folder ({@code ~/.tern}: approvals).
 *
 * <p>Used three ways: the permission gate asks before a file tool writes one of them (in every mode),
 * the file tools refuse to reach one through a symlink of another name, and the exec sandbox mounts the
 * existing ones read-only and removes any the command created. Immutable.
 *
 * @param workspace the workspace folder (absolute, normalized)
 * @param names     workspace-relative names protected with everything below them
 * @param absolute  further protected files or folders anywhere (the config file, {@code ~/.tern})
 */
public record ProtectedPaths(Path workspace, List<String> names, List<Path> absolute) {

    /** Protected in every workspace. */
    public static final List<String> WORKSPACE_NAMES =
            List.of(".mcp.json", ".tern", ".git", "sessions", "agents", "hooks", "workflows");

    public ProtectedPaths {
        workspace = workspace.toAbsolutePath().normalize();
        names = List.copyOf(names);
        List<Path> abs = new ArrayList<>();
        for (Path p : absolute) if (p != null) abs.add(p.toAbsolutePath().normalize());
        absolute = List.copyOf(abs);
    }

    /**
     * The default set for a workspace.
     *
     * @param configFile the config file in use, or null
     * @param userDir    the user's Tern folder ({@code ~/.tern}), or null
     */
    public static ProtectedPaths forWorkspace(Path workspace, Path configFile, Path userDir) {
        List<Path> abs = new ArrayList<>();
        if (configFile != null) abs.add(configFile);
        if (userDir != null) abs.add(userDir);
        return new ProtectedPaths(workspace, WORKSPACE_NAMES, abs);
    }

    /** Nothing protected (tests, embedding without a workspace layout). */
    public static ProtectedPaths none(Path workspace) { return new ProtectedPaths(workspace, List.of(), List.of()); }

    /** The protected item {@code path} (absolute, normalized) lies in, as the user knows it; empty when none. */
    public Optional<String> match(Path path) {
        Path p = path.toAbsolutePath().normalize();
        for (Path a : absolute) if (p.startsWith(a) || p.startsWith(real(a))) return Optional.of(a.toString());
        for (Path ws : List.of(workspace, real(workspace))) {
            if (p.startsWith(ws) && !p.equals(ws)) {
                String first = ws.relativize(p).getName(0).toString();
                return names.contains(first) ? Optional.of(first) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            return p;
        }
    }

    /** True when {@code path} is protected. */
    public boolean isProtected(Path path) { return match(path).isPresent(); }

    /** The workspace-relative protected items as absolute paths (for the sandbox's read-only mounts). */
    public List<Path> inWorkspace() {
        List<Path> out = new ArrayList<>();
        for (String n : names) out.add(workspace.resolve(n));
        for (Path a : absolute) if (a.startsWith(workspace)) out.add(a);
        return out;
    }
}
