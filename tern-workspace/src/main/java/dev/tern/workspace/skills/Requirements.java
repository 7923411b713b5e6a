package dev.tern.workspace.skills;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Checks a skill's requirements: executables on {@code PATH} and set environment variables.
 * The environment is injectable so tests need not touch the real one.
 */
public final class Requirements {

    private final Function<String, String> env;

    public Requirements() { this(System::getenv); }

    public Requirements(Function<String, String> env) { this.env = env; }

    /** The unmet requirements as "CLI: name" and "ENV: NAME", in the given order. */
    public List<String> missing(List<String> bins, List<String> envVars) {
        List<String> out = new ArrayList<>();
        for (String b : bins) if (!onPath(b)) out.add("CLI: " + b);
        for (String e : envVars) {
            String v = env.apply(e);
            if (v == null || v.isEmpty()) out.add("ENV: " + e);
        }
        return out;
    }

    /** Whether an executable of that name is found on PATH (PATHEXT honoured on Windows). */
    public boolean onPath(String name) {
        if (name.isBlank()) return true;
        String path = env.apply("PATH");
        if (path == null) return false;
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");
        List<String> exts = windows ? List.of("", ".exe", ".cmd", ".bat") : List.of("");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            for (String ext : exts) {
                Path p = Path.of(dir, name + ext);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return true;
            }
        }
        return false;
    }
}
