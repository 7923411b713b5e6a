package dev.tern.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tern} in a JVM of its own, on the test classpath (no jar needed): what a user sees on a fresh
 * start (logging set-up, library warnings) and what signals do to the process.
 */
final class ForkedTern {

    private ForkedTern() { }

    /** Starts {@code tern args...} with stdout and stderr going to files in {@code dir}. */
    static Process start(Path dir, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Duser.home=" + dir.resolve("home"),
                "--enable-native-access=ALL-UNNAMED",   // as the ./tern launcher: SQLite (memory) and ONNX Runtime load native code
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("ANTHROPIC_") || k.startsWith("TERN_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    static String stdout(Path dir) throws IOException { return Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8); }

    static String stderr(Path dir) throws IOException { return Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8); }
}
