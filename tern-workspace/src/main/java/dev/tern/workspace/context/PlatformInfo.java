package dev.tern.workspace.context;

import java.util.Locale;

/**
 * Facts about the machine that do not change while the process runs; computed once.
 *
 * @param os          "Linux", "macOS", "Windows" ...
 * @param arch        CPU architecture (amd64, aarch64 ...)
 * @param javaVersion the running Java version
 */
public record PlatformInfo(String os, String arch, String javaVersion) {

    public static PlatformInfo current() {
        String os = System.getProperty("os.name", "unknown");
        if (os.toLowerCase(Locale.ROOT).startsWith("mac")) os = "macOS";
        else if (os.toLowerCase(Locale.ROOT).startsWith("windows")) os = "Windows";
        return new PlatformInfo(os, System.getProperty("os.arch", "unknown"), Runtime.version().toString());
    }

    @Override
    public String toString() { return os + " " + arch + ", Java " + javaVersion; }
}
