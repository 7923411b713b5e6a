package dev.tern.cli;

import dev.tern.workspace.permission.PermissionMode;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every workspace command shares ({@code tern run}, {@code tern chat}). */
public final class WorkspaceOptions {

    @Option(names = {"-w", "--workspace"}, description = "workspace folder (default: the current directory)")
    Path workspace;

    @Option(names = {"-c", "--config"}, description = "config file (default: ~/.tern/config.json)")
    Path config;

    @Option(names = {"-m", "--model"}, description = "model id (default: TERN_MODEL, then the config)")
    String model;

    @Option(names = "--permission-mode", description = "default, acceptEdits, bypassPermissions or plan")
    String permissionMode;

    /** The workspace as an absolute path. */
    Path workspace() { return (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize(); }

    /** The permission mode, or null for the config's. @throws IllegalArgumentException for an unknown name */
    PermissionMode permissionMode() { return permissionMode == null ? null : PermissionMode.parse(permissionMode); }
}
