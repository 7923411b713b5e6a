package dev.tern.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code tern bench} scenario in a JVM of its own, for a command that names several: what the JIT compiled, the heap
 * and the caches that one scenario left would otherwise be the next one's starting point, so a scenario's figures would
 * depend on what ran before it in the process (in one {@code tern bench all --compare}, the tracker's heap read 1.31 × its
 * section and memory-recall's ingest 1.21 ×, each section having been written by a run of that scenario alone). Every
 * {@code tern bench} command runs its scenarios this way, one included, so every run also gets a temporary folder of its
 * own that is deleted when it exits.
 */
public final class ScenarioFork {

    private static final Pattern SUMMARY = Pattern.compile("^\\s+(\\d+) of (\\d+) rows within ±\\d+ %; ratio rows (\\d+) of (\\d+)");

    private ScenarioFork() { }

    /** How the child exited, and its comparison's counts when it printed one. */
    public record Outcome(int exitCode, BenchComparison.Count count) { }

    /**
     * Runs {@code mainClass bench <scenario> <options>} with this JVM's java, flags and class path, copying its standard
     * output to {@code out} line by line (its standard error goes to this process's) and reading the counts of the
     * comparison it printed, if any.
     */
    public static Outcome run(String mainClass, String scenario, List<String> options, PrintStream out) throws IOException, InterruptedException {
        Path tmp = Files.createTempDirectory("tern-bench-run-");
        try {
            return run(mainClass, scenario, options, out, tmp);
        } finally {
            Trees.delete(tmp);
        }
    }

    private static Outcome run(String mainClass, String scenario, List<String> options, PrintStream out, Path tmp)
            throws IOException, InterruptedException {
        List<String> cmd = ForkedJvm.javaWithFlags(a -> !a.startsWith("-Djava.io.tmpdir="));
        // every temporary file of the run (workspaces, SQLite stores of 100 000 facts, the JVMs it starts inherit the flag)
        // under one folder deleted when it exits: a scenario's 250 MB memory store no longer outlives it
        cmd.add("-Djava.io.tmpdir=" + tmp);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.add("bench");
        cmd.add(scenario);
        cmd.addAll(options);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.println(line);
                lines.add(line);
            }
        }
        return new Outcome(p.waitFor(), count(scenario, lines));
    }

    /** The counts of the comparison among a child's output lines (the summary line {@link BenchComparison#toText} prints), or null. */
    static BenchComparison.Count count(String scenario, List<String> lines) {
        boolean another = false;
        for (String line : lines) {
            if (line.startsWith("  another processor:")) another = true;
            Matcher m = SUMMARY.matcher(line);
            if (m.find()) {
                return new BenchComparison.Count(scenario, Long.parseLong(m.group(2)), Long.parseLong(m.group(1)), Long.parseLong(m.group(4)),
                        Long.parseLong(m.group(3)), another);
            }
        }
        return null;
    }
}
