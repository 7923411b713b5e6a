package dev.tern.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which folder a workspace command works in, nanobot style, so a first {@code tern run} in a source
 * checkout does not litter it with {@code sessions/} and {@code memory/}:
 * <ol>
 *   <li>{@code --workspace DIR} when given;</li>
 *   <li>else the current folder when it already is a workspace: it has one of {@link #MARKERS}
 *       (bootstrap files, {@code .tern/}, {@code sessions/}, {@code memory/MEMORY.md}, {@code skills/}
 *       or a {@code .mcp.json});</li>
 *   <li>else {@code ~/.tern/workspace}, created on first use.</li>
 * </ol>
 */
final class Workspaces {

    /** Files or folders that make a folder a workspace. */
    static final List<String> MARKERS = List.of("AGENTS.md", "SOUL.md", "USER.md", "TOOLS.md", "IDENTITY.md",
            "HEARTBEAT.md", ".tern", "sessions", "memory/MEMORY.md", "skills", ".mcp.json");

    /** Where the workspace is, and whether it was just created (then the front-end says so once). */
    record Selection(Path dir, boolean created) { }

    private Workspaces() { }

    static boolean isWorkspace(Path dir) {
        for (String m : MARKERS) if (Files.exists(dir.resolve(m))) return true;
        return false;
    }

    /** The per-user workspace under {@code home}. */
    static Path userWorkspace(Path home) { return home.resolve(".tern").resolve("workspace"); }

    /**
     * @param explicit the {@code --workspace} option, or null
     * @param cwd      the current folder
     * @param home     the user's home folder
     * @throws UncheckedIOException when the per-user workspace cannot be created
     */
    static Selection select(Path explicit, Path cwd, Path home) {
        if (explicit != null) return new Selection(explicit.toAbsolutePath().normalize(), false);
        Path here = cwd.toAbsolutePath().normalize();
        if (isWorkspace(here)) return new Selection(here, false);
        Path user = userWorkspace(home.toAbsolutePath().normalize());
        if (Files.isDirectory(user)) return new Selection(user, false);
        try {
            Files.createDirectories(user);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the workspace " + user + ": " + e.getMessage(), e);
        }
        return new Selection(user, true);
    }
}
