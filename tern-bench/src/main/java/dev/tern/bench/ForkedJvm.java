package dev.tern.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A benchmark's fresh JVM (figures that must not depend on what the bench process ran before): the same java, the
 * bench JVM's flags a scenario keeps (never a profiler's), and its output once it has exited.
 */
public final class ForkedJvm {

    private ForkedJvm() { }

    /**
     * The fixed heap of the forks whose figures must not depend on how a collector sized the heap as it went (the serial
     * collector the launcher picks: young generation a third of it, the same size in every run).
     */
    static final List<String> FIXED_HEAP = List.of("-Xms1g", "-Xmx1g");

    /** {@link #javaWithFlags} without this JVM's heap sizes, then {@link #FIXED_HEAP}. */
    static List<String> javaWithFixedHeap() {
        List<String> cmd = javaWithFlags(a -> !a.startsWith("-Xms") && !a.startsWith("-Xmx") && !a.startsWith("-Xmn"));
        cmd.addAll(FIXED_HEAP);
        return cmd;
    }

    /** This JVM's java launcher, then the flags of this JVM that {@code keep} accepts (agents and JFR left out). */
    static List<String> javaWithFlags(Predicate<String> keep) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-agentlib") || a.startsWith("-javaagent") || a.startsWith("-XX:StartFlightRecording")) continue;
            if (keep.test(a)) cmd.add(a);
        }
        return cmd;
    }

    /**
     * A fresh JVM started as the launcher starts a short command ({@code tern run}, {@code tern agents}): C1 only, the
     * serial collector, this JVM's AOT cache, native access and temporary folder; then {@code main} on this class path
     * with {@code args}. For first-time figures: what a user's new process does, from the same state in every fork.
     */
    public static List<String> likeTernRun(Class<?> main, String... args) {
        List<String> cmd = javaWithFlags(a -> a.startsWith("-XX:AOTCache=") || a.startsWith("--enable-native-access")
                || a.startsWith("-Djava.io.tmpdir="));
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Runs {@code cmd} and returns its output (stderr merged, stripped).
     *
     * @throws IOException "{@code what} failed: output" when it does not exit 0 within {@code timeoutSeconds}
     */
    public static String run(List<String> cmd, int timeoutSeconds, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(what + " failed: " + out);
        return out;
    }
}
