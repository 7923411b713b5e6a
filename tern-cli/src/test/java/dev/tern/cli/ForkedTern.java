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
        List<String> cmd = new ArrayList<>(defaultSignals());
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
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

    /**
     * A prefix that starts the process with SIGINT at its default disposition, as from a terminal. A suite started in
     * the background (a shell job, {@code nohup}) passes SIGINT on as ignored, and the JVM then keeps it ignored
     * (Tern's Ctrl-C handler cannot be installed): the Ctrl-C test would wait for the model's 60 s. GNU env does the
     * reset; where it cannot, nothing is prefixed.
     */
    private static List<String> defaultSignals() {
        try {
            Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0 ? List.of("env", "--default-signal=INT") : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The process's threads ({@code jcmd <pid> Thread.print}), or why they could not be had. */
    static String threadDump(Process p) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(p.pid()), "Thread.print").redirectErrorStream(true).start();
            byte[] out = jcmd.getInputStream().readAllBytes();
            jcmd.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(no thread dump: interrupted)";
        }
    }

    static String stdout(Path dir) throws IOException { return Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8); }

    static String stderr(Path dir) throws IOException { return Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8); }
}
