package dev.tern.cli;

import dev.tern.workspace.permission.PermissionMode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every workspace command shares ({@code tern run}, {@code tern chat}, {@code tern sessions}). */
public final class WorkspaceOptions {

    @Option(names = {"-w", "--workspace"}, description = "workspace folder (default: the current folder if it is a "
            + "workspace (has AGENTS.md, .tern/, sessions/, ...), else ~/.tern/workspace)")
    Path workspace;

    @Option(names = {"-c", "--config"}, description = "config file (default: ~/.tern/config.json)")
    Path config;

    @Option(names = {"-m", "--model"}, description = "model id (default: TERN_MODEL, then the config)")
    String model;

    @Option(names = "--permission-mode", description = "default, acceptEdits, bypassPermissions or plan")
    String permissionMode;

    /** The user's home (the per-user workspace is under it); tests point it at a temporary folder. */
    Path home;

    /** The current folder; tests replace it. */
    Path cwd;

    /**
     * The workspace folder (see {@link Workspaces}); says on {@code err} when the per-user one was just created.
     *
     * @throws java.io.UncheckedIOException when it cannot be created
     */
    Path workspace(PrintStream err) {
        Path h = home != null ? home : Path.of(System.getProperty("user.home"));
        Workspaces.Selection s = Workspaces.select(workspace, cwd != null ? cwd : Path.of(""), h);
        if (s.created()) {
            err.println("tern: created the workspace " + s.dir() + " (this folder is not a workspace; use --workspace DIR "
                    + "or add an AGENTS.md here to work here)");
        }
        return s.dir();
    }

    /** Checks the chosen folder; returns a one-line problem or null. */
    static String problem(Path ws) {
        return Files.isDirectory(ws) ? null : "workspace is not a folder: " + ws;
    }

    /** The permission mode, or null for the config's. @throws IllegalArgumentException for an unknown name */
    PermissionMode permissionMode() { return permissionMode == null ? null : PermissionMode.parse(permissionMode); }
}
