package dev.tern.workspace.tools.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tern.json.Json;
import dev.tern.tool.ToolResult;
import dev.tern.workspace.tools.Calls;
import dev.tern.workspace.tools.ExecTool;
import dev.tern.workspace.tools.PathGuard;
import dev.tern.workspace.tools.ProtectedPaths;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * exec with restrictToWorkspace on, inside bubblewrap: each case is one of the escapes the black-box
 * attack run found with a plain {@code bash -c} (issue 9, hole 1). A fake home folder stands in for the
 * user's (the sandbox hides whatever HOME names), so a broken sandbox could never touch the real one.
 */
class ExecSandboxTest {

    @TempDir Path tmp;
    Path ws;
    Path home;
    Path outside;
    ExecTool exec;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap is not installed");
        ws = Files.createDirectories(tmp.resolve("ws"));
        home = Files.createDirectories(tmp.resolve("home"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "TOP-SECRET-OUTSIDE");
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_ed25519"), "PRIVATE-KEY-MATERIAL");
        Files.createDirectories(home.resolve(".tern"));
        Files.writeString(home.resolve(".tern/config.json"), "{\"providers\":{\"openai\":{\"apiKey\":\"sk-in-config\"}}}");
        exec = tool(SandboxConfig.DEFAULT, () -> false);
        assertThat(exec.sandboxed()).as("bwrap must run here (as root: no user namespace needed)").isTrue();
    }

    ExecTool tool(SandboxConfig config, java.util.function.BooleanSupplier bypass) {
        Map<String, String> env = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", home.toString(),
                "OPENAI_API_KEY", "sk-live-should-never-leak", "ANTHROPIC_API_KEY", "sk-ant-nope", "GITHUB_TOKEN", "ghp_nope",
                "LANG", "C.UTF-8");
        ProtectedPaths p = ProtectedPaths.forWorkspace(ws, null, home.resolve(".tern"));
        return new ExecTool(new PathGuard(ws, true, p), Sandbox.create(config, p, env), bypass, Duration.ofSeconds(30),
                Duration.ofSeconds(60), 64 * 1024, Duration.ofSeconds(5));
    }

    ToolResult run(String command) throws Exception {
        return exec.execute(Calls.context(exec, Json.write(Map.of("command", command)), ws));
    }

    @Test
    void outsideFilesAreNotThere() throws Exception {
        ToolResult r = run("cat " + outside.resolve("secret.txt") + "; cat ../outside/secret.txt; cat ~/.ssh/id_ed25519; "
                + "cat " + home.resolve(".tern/config.json") + "; cat /etc/shadow; ls " + tmp + "; ls /etc/ssl/private");
        assertThat(r.content()).doesNotContain("TOP-SECRET-OUTSIDE").doesNotContain("PRIVATE-KEY").doesNotContain("sk-in-config")
                .doesNotContain("root:*").contains("No such file");
    }

    @Test
    void passwdNamesOnlyRootTheUserAndNobody() throws Exception {
        String real = Files.readString(Path.of("/etc/passwd"));
        ToolResult r = run("cat /etc/passwd; id -un; ls /etc/ssl/certs | head -1; python3 -c 'print(42)'");
        assertThat(r.content()).contains("42\n"); // programs still run: loader cache, alternatives
        assertThat(r.content()).contains("root:x:0:0").contains("nobody");
        assertThat(r.content().lines().filter(l -> l.contains(":x:")).count()).isLessThanOrEqualTo(3);
        assertThat(real.lines().count()).isGreaterThan(3); // the host's has more: the sandbox's is not it
    }

    @Test
    void theRootShowsOnlyTheSystemSkeleton() throws Exception {
        ToolResult r = run("ls /");
        assertThat(r.content()).doesNotContain("opt\n").doesNotContain("srv\n").doesNotContain("boot\n").contains("usr\n");
    }

    /** The command guard's indirections (issue 9) are caught too; the sandbox holds for those it cannot see. */
    @Test
    void writesAndDeletesOutsideTheWorkspaceFail() throws Exception {
        ToolResult r = run("rm -rf " + outside + "; echo x > " + outside.resolve("new.txt") + "; echo x > /etc/tern-x; "
                + "echo x > /usr/tern-x; H=$(cd ~ && pwd); rm -rf \"$H\"; "
                + "python3 -c 'import shutil,os; shutil.rmtree(os.environ.get(\"HOME\"), ignore_errors=True)'; echo done");
        assertThat(r.content()).contains("done");
        assertThat(outside.resolve("secret.txt")).hasContent("TOP-SECRET-OUTSIDE");
        assertThat(outside.resolve("new.txt")).doesNotExist();
        assertThat(Path.of("/etc/tern-x")).doesNotExist();
        assertThat(Path.of("/usr/tern-x")).doesNotExist();
        assertThat(home.resolve(".ssh/id_ed25519")).exists();
        assertThat(home.resolve(".tern/config.json")).exists();
    }

    @Test
    void theWorkspaceIsWritable() throws Exception {
        ToolResult r = run("mkdir -p build && echo hello > build/out.txt && cat build/out.txt && pwd");
        assertThat(r.error()).as(r.content()).isFalse();
        assertThat(r.content()).startsWith("hello\n" + ws.toRealPath() + "\n");
        assertThat(ws.resolve("build/out.txt")).hasContent("hello\n");
    }

    @Test
    void noNetworkNotEvenLoopback() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(200);
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (var s = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (SocketTimeoutException e) {
                        // keep listening
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            ToolResult r = run("(echo hi > /dev/tcp/127.0.0.1/" + server.getLocalPort() + ") 2>&1 && echo CONNECTED || echo REFUSED; "
                    + "cat /proc/net/dev | grep -c ':' ");
            assertThat(r.content()).contains("REFUSED").doesNotContain("CONNECTED");
            // reached from outside the sandbox, the same server answers: the test itself is sound
            try (var s = new java.net.Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                await().atMost(Duration.ofSeconds(5)).until(() -> accepted.get() == 1);
            }
            server.close();
            acceptor.join();
        }
    }

    @Test
    void noApiKeysInTheEnvironment() throws Exception {
        ToolResult r = run("env");
        assertThat(r.content()).doesNotContain("sk-live").doesNotContain("OPENAI_API_KEY").doesNotContain("ANTHROPIC")
                .doesNotContain("GITHUB_TOKEN").contains("PATH=").contains("HOME=" + home);
    }

    @Test
    void noNewPrivilegesNoCapabilitiesOwnPidNamespace() throws Exception {
        ToolResult r = run("grep -E 'NoNewPrivs|CapEff' /proc/self/status; ls /proc | grep -c '^[0-9]'; "
                + "mount -o remount,rw / 2>&1 | head -1; touch /usr/x 2>&1");
        assertThat(r.content()).contains("NoNewPrivs:\t1").contains("CapEff:\t0000000000000000").contains("Read-only file system");
        String count = r.content().lines().filter(l -> l.matches("\\d+")).findFirst().orElseThrow();
        assertThat(Integer.parseInt(count)).as("processes visible in the PID namespace").isLessThan(10);
    }

    @Test
    void protectedItemsAreReadOnlyAndNewOnesAreRemoved() throws Exception {
        Files.createDirectories(ws.resolve(".git/hooks"));
        Files.writeString(ws.resolve(".git/config"), "[core]\n");
        Files.createDirectories(ws.resolve("sessions"));
        Files.writeString(ws.resolve("sessions/s.jsonl"), "{}\n");
        ToolResult r = run("echo 'rm -rf /' > .git/hooks/pre-commit; echo forged >> sessions/s.jsonl; "
                + "echo '{\"mcpServers\":{\"x\":{\"command\":\"sh\"}}}' > .mcp.json; mkdir -p agents; echo evil > agents/a.md; "
                + "mv .git .git-old; rm -rf .git; echo end");
        assertThat(r.content()).contains("end").contains("removed").contains(".mcp.json").contains("agents");
        assertThat(ws.resolve(".git/hooks/pre-commit")).doesNotExist();
        assertThat(ws.resolve(".git/config")).hasContent("[core]\n");
        assertThat(ws.resolve("sessions/s.jsonl")).hasContent("{}\n");
        assertThat(ws.resolve(".mcp.json")).doesNotExist();
        assertThat(ws.resolve("agents")).doesNotExist();
        assertThat(ws.resolve(".git-old")).doesNotExist();
    }

    @Test
    void backgroundChildrenDieWithTheCommand() throws Exception {
        ToolResult r = run("(sleep 2; echo late > late.txt) & echo started");
        assertThat(r.content()).startsWith("started\n");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(ws.resolve("late.txt")));
    }

    @Test
    void withoutBubblewrapExecIsRefusedUnlessBypass() throws Exception {
        SandboxConfig missing = SandboxConfig.DEFAULT.withBwrap(tmp.resolve("no-bwrap"));
        exec = tool(missing, () -> false);
        ToolResult r = run("touch ran.txt");
        assertThat(r.error()).isTrue();
        assertThat(r.content()).contains("exec refused").contains("bubblewrap not found").contains("did not run");
        assertThat(ws.resolve("ran.txt")).doesNotExist();

        exec = tool(missing, () -> true);
        r = run("touch ran.txt; env");
        assertThat(r.error()).isFalse();
        assertThat(r.content()).contains("NOT sandboxed").contains("bypassPermissions").doesNotContain("sk-live");
        assertThat(ws.resolve("ran.txt")).exists();
    }

    @Test
    void networkCanBeAllowedByConfig() throws Exception {
        exec = tool(SandboxConfig.DEFAULT.withNetwork(true), () -> false);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (var s = server.accept()) {
                    s.getOutputStream().write("pong\n".getBytes());
                } catch (java.io.IOException ignored) {
                    // closed
                }
            });
            ToolResult r = run("exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort() + " && head -1 <&3");
            assertThat(r.content()).startsWith("pong");
            acceptor.join(5000);
        }
    }

    /** sandbox.allowHosts: no direct network, but listed hosts through the proxy; others get 403 before any lookup. */
    @Test
    void allowListedHostsAreReachedThroughTheProxyAndNothingElse() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")) && Files.isExecutable(Path.of("/usr/bin/curl")),
                "socat and curl are needed (Debian packages socat, curl)");
        com.sun.net.httpserver.HttpServer allowed = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        allowed.createContext("/hello", ex -> {
            byte[] body = "hello through the proxy".getBytes();
            ex.sendResponseHeaders(200, body.length);
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        allowed.start();
        try {
            int port = allowed.getAddress().getPort();
            exec = tool(SandboxConfig.DEFAULT.withAllowHosts(java.util.List.of("127.0.0.1:" + port, "*.example.org")), () -> false);
            ToolResult r = run("curl -s http://127.0.0.1:" + port + "/hello; echo; curl -s -p http://127.0.0.1:" + port + "/hello"
                    + " | sed 's/proxy/tunnel/'; echo; "
                    + "curl -s -o /dev/null -w 'other:%{http_code}\\n' http://127.0.0.1:" + (port == 65535 ? 1 : port + 1) + "/; "
                    + "curl -s -o /dev/null -w 'denied:%{http_code}\\n' http://evil.invalid/; "
                    + "curl -s --noproxy '*' --max-time 3 http://127.0.0.1:" + port + "/hello || echo direct-refused");
            assertThat(r.content()).as(r.content()).contains("hello through the proxy").contains("hello through the tunnel")
                    .contains("other:403")
                    .contains("denied:403").contains("direct-refused");
        } finally {
            allowed.stop(0);
        }
    }
}
