package dev.tern.mcp;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that a stdio server's command exists before starting it, so a typo fails at once, not by timeout. */
final class Commands {

    private Commands() { }

    /** True if {@code command} is an executable path (relative to {@code cwd}, nullable) or found on PATH. */
    static boolean resolvable(String command, Path cwd) {
        if (command.contains("/") || command.contains(File.separator)) {
            Path p = Path.of(command);
            if (!p.isAbsolute() && cwd != null) p = cwd.resolve(p);
            return Files.isExecutable(p);
        }
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return true;
            if (File.separatorChar == '\\') {
                for (String ext : new String[] {".exe", ".cmd", ".bat"}) {
                    if (Files.isExecutable(Path.of(dir, command + ext))) return true;
                }
            }
        }
        return false;
    }
}
