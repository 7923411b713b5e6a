package dev.tern.serve;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Node script of the test resources with the npm packages {@code .ci/setup} installs into
 * {@code <repo>/.tern/npm} (its path in {@code TERN_NPM}). Skips the test, saying why, when node or a package is absent.
 */
record NodeScript(int exit, String stdout, String stderr) {

    static Path npm(String... packages) {
        Path dir = Path.of("").toAbsolutePath();
        Path npm = null;
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(".tern/npm/node_modules"))) {
                npm = p.resolve(".tern/npm");
                break;
            }
        }
        assumeTrue(onPath("node"), "node is not installed: skipping (CI installs it; see .ci/setup)");
        assumeTrue(npm != null, "no .tern/npm/node_modules above " + dir + ": run .ci/setup");
        for (String p : packages) {
            assumeTrue(Files.isDirectory(npm.resolve("node_modules").resolve(p)), "npm package " + p + " is not installed: run .ci/setup");
        }
        return npm;
    }

    static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) return true;
        }
        return false;
    }

    /** Runs {@code resource} (under {@code /node/}) with the environment given; waits at most {@code seconds}. */
    static NodeScript run(String resource, Path npm, Map<String, String> env, int seconds) throws IOException, InterruptedException {
        Path script = Files.createTempFile("tern-gateway-", ".mjs");
        try (InputStream in = NodeScript.class.getResourceAsStream("/node/" + resource)) {
            Files.write(script, in.readAllBytes());
        }
        ProcessBuilder pb = new ProcessBuilder("node", script.toString());
        pb.environment().putAll(env);
        pb.environment().put("TERN_NPM", npm.toString());
        Path out = Files.createTempFile("tern-node", ".out"), err = Files.createTempFile("tern-node", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("node " + resource + " did not finish in " + seconds + " s; stderr:\n" + Files.readString(err));
            }
            return new NodeScript(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The JSON after {@code NAME } on the output line that starts with it. */
    String line(String name) {
        return stdout.lines().filter(l -> l.startsWith(name + " ")).map(l -> l.substring(name.length() + 1)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " line in:\n" + stdout + "\nstderr:\n" + stderr));
    }
}
