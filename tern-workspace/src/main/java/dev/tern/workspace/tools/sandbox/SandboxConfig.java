package dev.tern.workspace.tools.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code tools.sandbox}: how {@code exec} (and, when asked, MCP stdio servers) are isolated.
 *
 * @param enabled    run commands under bubblewrap when {@code restrictToWorkspace} is on (default true);
 *                   false means exec runs unconfined, which is allowed only in {@code bypassPermissions}
 * @param network    let sandboxed commands use the network (default false: a private network namespace
 *                   with nothing but its own loopback)
 * @param mcpServers also start MCP stdio servers inside the sandbox (default false; per server
 *                   {@code "sandbox": true} in {@code mcpServers} does the same for one server)
 * @param env        names of further environment variables passed into the sandbox (the allow-list
 *                   otherwise holds only PATH, locale, terminal, user and time-zone variables)
 * @param readPaths  further folders visible read-only (e.g. a tool chain under the home folder)
 * @param writePaths further folders visible read-write (e.g. a build cache)
 * @param bwrap      the bubblewrap executable, or null to look for {@code bwrap} on the usual paths
 */
public record SandboxConfig(boolean enabled, boolean network, boolean mcpServers, List<String> env,
                            List<Path> readPaths, List<Path> writePaths, Path bwrap) {

    public static final SandboxConfig DEFAULT = new SandboxConfig(true, false, false, List.of(), List.of(), List.of(), null);

    public SandboxConfig {
        env = List.copyOf(env == null ? List.of() : env);
        readPaths = List.copyOf(readPaths == null ? List.of() : readPaths);
        writePaths = List.copyOf(writePaths == null ? List.of() : writePaths);
    }

    public SandboxConfig withEnabled(boolean e) { return new SandboxConfig(e, network, mcpServers, env, readPaths, writePaths, bwrap); }

    public SandboxConfig withNetwork(boolean n) { return new SandboxConfig(enabled, n, mcpServers, env, readPaths, writePaths, bwrap); }

    public SandboxConfig withBwrap(Path p) { return new SandboxConfig(enabled, network, mcpServers, env, readPaths, writePaths, p); }
}
