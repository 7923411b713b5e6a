package dev.tern.workspace.tools;

import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import dev.tern.workspace.tools.sandbox.Sandbox;
import dev.tern.workspace.tools.sandbox.SandboxConfig;

/**
 * {@code exec{command, working_dir?, timeout?}}: runs a shell command ({@code bash -c}, else
 * {@code sh -c}) in the workspace, stdout and stderr merged in order, output bounded (head and tail
 * kept), exit code reported. On timeout or cancellation the whole process tree is killed. Destructive
 * commands are refused by {@link CommandGuard} before anything runs. Exclusive: never overlaps
 * another writing call.
 *
 * <p>With {@code restrictToWorkspace} on, the command runs inside the OS {@link Sandbox} (bubblewrap):
 * the workspace is all it can write, its protected items are read-only, the rest of the machine is
 * hidden, there is no network unless configured, and background children die with it. When the
 * sandbox cannot run, the command is refused, except in {@code bypassPermissions} (the
 * {@code unconfinedAllowed} supplier), where it runs as a plain process with a warning in its result.
 * The environment is always built from an allow-list: no API keys.
 */
public final class ExecTool extends BuiltinTool {

    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"command\":{\"type\":\"string\",\"description\":\"Shell command to run\"},"
            + "\"working_dir\":{\"type\":\"string\",\"description\":\"Folder to run in, relative to the workspace (default: the workspace)\"},"
            + "\"timeout\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"Timeout in seconds\"}},"
            + "\"required\":[\"command\"]}";

    private static final Duration GRACE = Duration.ofSeconds(2);

    private final PathGuard guard;
    private final Sandbox sandbox;
    private final BooleanSupplier unconfinedAllowed;
    private final CommandGuard commands = new CommandGuard();
    private final List<String> shell;
    private final Duration defaultTimeout;
    private final Duration maxTimeout;
    private final int maxOutputBytes;
    private final Duration progressEvery;

    /** An exec tool with the default sandbox for the guard's workspace, never running unconfined. */
    public ExecTool(PathGuard guard, Duration defaultTimeout, Duration maxTimeout, int maxOutputBytes) {
        this(guard, defaultTimeout, maxTimeout, maxOutputBytes, Duration.ofSeconds(5));
    }

    public ExecTool(PathGuard guard, Duration defaultTimeout, Duration maxTimeout, int maxOutputBytes, Duration progressEvery) {
        this(guard, Sandbox.create(SandboxConfig.DEFAULT, ProtectedPaths.forWorkspace(guard.root(), null, null)), () -> false,
                defaultTimeout, maxTimeout, maxOutputBytes, progressEvery);
    }

    /**
     * @param sandbox           the OS isolation used when the guard restricts to the workspace
     * @param unconfinedAllowed true when a command may run without the sandbox if it is unavailable
     *                          (the permission mode is {@code bypassPermissions}); asked per call
     * @param progressEvery     how often a running command reports progress (elapsed time, output so
     *                          far, last line) to the user's status line
     */
    public ExecTool(PathGuard guard, Sandbox sandbox, BooleanSupplier unconfinedAllowed, Duration defaultTimeout,
                    Duration maxTimeout, int maxOutputBytes, Duration progressEvery) {
        super("exec", "Run a shell command in the workspace and return its output (stdout and stderr) and exit code. "
                        + "Default timeout " + defaultTimeout.toSeconds() + " s.", SCHEMA,
                new ToolTraits(false, true, false, maxTimeout.plus(GRACE).plusSeconds(10), null));
        this.guard = guard;
        this.sandbox = sandbox;
        this.unconfinedAllowed = unconfinedAllowed;
        this.shell = findShell();
        this.defaultTimeout = defaultTimeout;
        this.maxTimeout = maxTimeout;
        this.maxOutputBytes = maxOutputBytes;
        this.progressEvery = progressEvery;
    }

    @Override
    protected ToolResult run(ToolCallContext call) throws IOException, InterruptedException {
        String command = required(call, "command");
        Optional<String> refusal = commands.check(command);
        if (refusal.isPresent()) throw new ToolException(refusal.get());
        String wd = call.string("working_dir");
        Path dir = wd == null || wd.isBlank() ? guard.root() : guard.resolve(wd);
        if (!Files.isDirectory(dir)) throw new ToolException("working_dir not found or not a folder: " + (wd == null ? dir : wd));
        long seconds = call.integer("timeout", (int) defaultTimeout.toSeconds());
        Duration timeout = seconds <= 0 ? defaultTimeout : Duration.ofSeconds(Math.min(seconds, maxTimeout.toSeconds()));

        boolean confined = false;
        String warning = null;
        if (guard.restricted()) {
            String why = sandbox.unavailable();
            if (why == null) confined = true;
            else if (unconfinedAllowed.getAsBoolean()) warning = "[warning: NOT sandboxed: " + why
                    + "; the command ran with the user's full powers because the permission mode is bypassPermissions]";
            else throw new ToolException("exec refused: file access is restricted to the workspace but the OS sandbox "
                    + "cannot run (" + why + "), so the command did not run. The user can install bubblewrap, or allow "
                    + "unconfined commands with permission mode bypassPermissions or tools.restrictToWorkspace = false");
        }
        List<String> argv = List.of(shell.get(0), shell.get(1), command);
        Set<Path> absentBefore = Set.of();
        if (confined) {
            absentBefore = sandbox.absentProtected();
            argv = sandbox.wrap(argv, dir.toRealPath(), List.of());
        }
        ProcessBuilder pb = new ProcessBuilder(argv)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        Map<String, String> wanted = confined ? sandbox.environment(Map.of()) : sandbox.plainEnvironment();
        env.clear();
        env.putAll(wanted);
        long started = System.nanoTime();
        Process process = pb.start();
        OutputBuffer out = new OutputBuffer(maxOutputBytes);
        Thread reader = Thread.ofVirtual().name("exec-output-" + process.pid()).start(() -> drain(process.getInputStream(), out));
        boolean finished;
        try {
            finished = waitReporting(process, timeout, started, out, call);
        } catch (InterruptedException e) { // the run was cancelled or the executor timed the call out
            killTree(process);
            throw e;
        }
        if (!finished) killTree(process);
        reader.join(GRACE.toMillis());
        long ms = (System.nanoTime() - started) / 1_000_000;
        StringBuilder text;
        synchronized (out) { // a background child that escaped the tree may still hold the pipe open
            text = new StringBuilder(out.text());
        }
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') text.append('\n');
        if (confined) {
            List<String> removed = sandbox.removeCreated(absentBefore);
            if (!removed.isEmpty()) {
                text.append("[sandbox: removed ").append(String.join(", ", removed)).append(" created by the command: "
                        + "protected files and folders can only be created with the user's approval]\n");
            }
        }
        if (warning != null) text.append(warning).append('\n');
        if (!finished) {
            text.append("[timed out after ").append(timeout.toSeconds()).append(" s; the process and its children were killed]");
            return ToolResult.error(text.toString());
        }
        if (text.isEmpty()) text.append("(no output)\n");
        text.append("[exit code ").append(process.exitValue()).append(", ").append(ms).append(" ms]");
        return ToolResult.ok(text.toString());
    }

    /** Waits for the process, telling the user every {@code progressEvery} that it is still running. */
    private boolean waitReporting(Process process, Duration timeout, long started, OutputBuffer out, ToolCallContext call)
            throws InterruptedException {
        long deadline = started + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return !process.isAlive();
            if (process.waitFor(Math.min(left, progressEvery.toNanos()), TimeUnit.NANOSECONDS)) return true;
            if (System.nanoTime() < deadline) {
                long seconds = (System.nanoTime() - started) / 1_000_000_000L;
                String last;
                long bytes;
                synchronized (out) {
                    last = lastLine(out.text());
                    bytes = out.total();
                }
                call.progress("running " + seconds + " s, " + bytes + " bytes of output" + (last.isEmpty() ? "" : ": " + last), -1);
            }
        }
    }

    private static String lastLine(String text) {
        String t = text.stripTrailing();
        String line = t.substring(t.lastIndexOf('\n') + 1).strip();
        return line.length() > 80 ? line.substring(0, 77) + "..." : line;
    }

    private static void drain(InputStream in, OutputBuffer out) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the process was killed: keep what was read
        }
    }

    /** Politely terminates the process and all its descendants, then forcibly after a grace period. */
    static void killTree(Process process) {
        List<ProcessHandle> tree = process.descendants().toList(); // before the parent dies and they are reparented
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) process.destroyForcibly();
            long deadline = System.nanoTime() + GRACE.toNanos();
            for (ProcessHandle h : tree) {
                if (h.isAlive() && System.nanoTime() > deadline) h.destroyForcibly();
                else if (h.isAlive()) {
                    try {
                        h.onExit().get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        h.destroyForcibly();
                    }
                }
            }
        } catch (InterruptedException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** True when commands run inside the OS sandbox (restricted to the workspace and bubblewrap usable). */
    public boolean sandboxed() { return guard.restricted() && sandbox.unavailable() == null; }

    private static List<String> findShell() {
        for (String bash : List.of("/bin/bash", "/usr/bin/bash", "/usr/local/bin/bash")) {
            if (Files.isExecutable(Path.of(bash))) return List.of(bash, "-c");
        }
        return List.of("/bin/sh", "-c");
    }

    /** The shell this tool runs commands with ({@code bash} or {@code sh}). */
    public String shell() { return shell.get(0); }
}
