package dev.tern.mcp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tern.mcp.testserver.TestMcpServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Launch recipes for the MCP servers the tests talk to. */
final class TestServers {

    private TestServers() { }

    /** Tern's own test server in a child JVM, same classpath as the tests. */
    static McpServerConfig.Stdio java(String name, Path countFile) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> args = new ArrayList<>(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xss512k", "-cp", System.getProperty("java.class.path"), TestMcpServer.class.getName()));
        return new McpServerConfig.Stdio(name, java, args,
                countFile == null ? Map.of() : Map.of("COUNT_FILE", countFile.toString()), null, null);
    }

    /**
     * The bin of an npm MCP server installed by {@code .ci/setup} under {@code <repo>/.tern/npm}; runs the
     * setup when it is missing. Skips the test (with the reason) only when node is not installed.
     */
    static Path npmBin(String bin) throws IOException, InterruptedException {
        assumeTrue(onPath("node"), "node is not installed: skipping the test against npm MCP servers");
        Path root = repoRoot();
        Path p = root.resolve(".tern/npm/node_modules/.bin").resolve(bin);
        if (!Files.isExecutable(p)) {
            Process setup = new ProcessBuilder(root.resolve(".ci/setup").toString()).inheritIO().start();
            if (!setup.waitFor(5, TimeUnit.MINUTES) || setup.exitValue() != 0) {
                throw new IllegalStateException(".ci/setup failed to install the npm MCP servers");
            }
        }
        if (!Files.isExecutable(p)) throw new IllegalStateException(p + " missing after .ci/setup");
        return p;
    }

    static Path repoRoot() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.isDirectory(d.resolve(".ci"))) d = d.getParent();
        if (d == null) throw new IllegalStateException("cannot find the repository root (.ci/) above " + Path.of("").toAbsolutePath());
        return d;
    }

    static boolean onPath(String cmd) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, cmd))) return true;
        }
        return false;
    }
}
