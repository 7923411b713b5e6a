package dev.tern.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs {@code tern run} in-process with a given environment, capturing stdout and stderr. */
record CliRun(int code, String stdout, String stderr) {

    static CliRun run(Map<String, String> env, String... args) { return run(env, java.nio.file.Path.of("target", "test-home"), args); }

    /** With {@code home} as the user's home folder (the per-user workspace goes under it). */
    static CliRun run(Map<String, String> env, java.nio.file.Path home, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        RunCommand cmd = new RunCommand();
        cmd.env = env;
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        cmd.interactive = false;
        cmd.stdinTerminal = true; // nothing piped
        cmd.interrupts = Interrupts.none(cmd.errStream);
        cmd.opts.home = home;
        int code = CommandLines.of(cmd).setParameterExceptionHandler(Main::usageError)
                .setErr(new java.io.PrintWriter(cmd.errStream, true)).execute(args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Map<String, String> simEnv(String simBaseUrl) {
        return Map.of("OPENAI_BASE_URL", simBaseUrl + "/v1", "OPENAI_API_KEY", "test");
    }
}
