package dev.tern.workspace.tools.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tern.workspace.tools.ProtectedPaths;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files sandboxes share: one /etc copy per content for any number of workspaces, nothing left
 * behind by a closed runtime, and the folders of killed processes removed by the next one.
 */
class SandboxFilesTest {

    static final List<String> ENTRIES = List.of("os-release", "ld.so.conf.d", "no-such-entry");

    @TempDir Path tmp;

    @Test
    void oneEtcCopyPerContentAndNothingLeftAfterClose() throws Exception {
        SandboxFiles files = new SandboxFiles(tmp);
        assertThat(files.folderIfMade()).as("nothing is written before a sandbox needs it").isNull();
        assertThat(tmp).isEmptyDirectory();

        Path a = files.etc(new EtcSkeleton(ENTRIES, "root:x:0:0::/root:/bin/sh\n", "root:x:0:\n"));
        Path b = files.etc(new EtcSkeleton(ENTRIES, "root:x:0:0::/root:/bin/sh\n", "root:x:0:\n"));
        Path c = files.etc(new EtcSkeleton(ENTRIES, "root:x:0:0::/root:/bin/sh\nu:x:1000:1000::/home/u:/bin/sh\n", "root:x:0:\n"));
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
        assertThat(Files.readString(a.resolve("passwd"))).isEqualTo("root:x:0:0::/root:/bin/sh\n");
        assertThat(Files.readString(c.resolve("passwd"))).contains("u:x:1000");
        if (Files.exists(Path.of("/etc/os-release"))) assertThat(a.resolve("os-release")).exists();
        assertThat(a.resolve("no-such-entry")).doesNotExist();
        assertThat(a.getParent()).isEqualTo(files.folder()).hasParent(tmp);

        files.close();
        assertThat(tmp).as("the copies, the sockets and the lock are gone").isEmptyDirectory();
        assertThatThrownBy(() -> files.etc(new EtcSkeleton(ENTRIES, "p", "g"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sandboxesOfOneProcessShareOneEtcAndClosingOneKeepsTheShared() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap is not installed");
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        ProtectedPaths p = ProtectedPaths.forWorkspace(ws, null, null);
        Map<String, String> env = Map.of("HOME", tmp.resolve("home").toString(), "PATH", "/usr/bin:/bin");
        try (SandboxFiles files = new SandboxFiles(tmp.resolve("t"))) {
            Sandbox one = Sandbox.create(SandboxConfig.DEFAULT, p, env, files);
            Sandbox two = Sandbox.create(SandboxConfig.DEFAULT, p, env, files);
            Sandbox net = Sandbox.create(SandboxConfig.DEFAULT.withNetwork(true), p, env, files);
            String etc = etcOf(one.wrap(List.of("true"), ws, List.of()));
            assertThat(etcOf(two.wrap(List.of("true"), ws, List.of()))).isEqualTo(etc);
            assertThat(etcOf(net.wrap(List.of("true"), ws, List.of()))).as("the network entries make another copy")
                    .isNotEqualTo(etc);
            one.close();
            assertThat(Path.of(etc)).as("a closed sandbox leaves the shared copy to the others").isDirectory();
            assertThat(etcOf(two.wrap(List.of("true"), ws, List.of()))).isEqualTo(etc);
            assertThatThrownBy(() -> one.wrap(List.of("true"), ws, List.of())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
        assertThat(tmp.resolve("t")).isEmptyDirectory();
    }

    @Test
    void aSandboxWithItsOwnFilesRemovesThemAndItsProxySocketAtClose() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")) && Files.isExecutable(Path.of("/usr/bin/socat")),
                "bubblewrap and socat are needed");
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        ProtectedPaths p = ProtectedPaths.forWorkspace(ws, null, null);
        Map<String, String> env = Map.of("HOME", tmp.resolve("home").toString());
        try (SandboxFiles shared = new SandboxFiles(tmp.resolve("shared"))) {
            Sandbox proxied = Sandbox.create(SandboxConfig.DEFAULT.withAllowHosts(List.of("example.org")), p, env, shared);
            List<String> cmd = proxied.wrap(List.of("true"), ws, List.of());
            Path socket = Path.of(cmd.get(cmd.indexOf(Sandbox.PROXY_SOCKET) - 1));
            assertThat(socket).exists().hasParent(shared.folder());
            proxied.close();
            assertThat(socket).as("the proxy's socket goes with its sandbox").doesNotExist();
            assertThat(shared.folder()).as("the shared folder stays for the others").isDirectory();
        }
        assertThat(tmp.resolve("shared")).isEmptyDirectory();
    }

    @Test
    void foldersOfDeadProcessesAreRemovedAndThoseOfLiveOnesKept() throws Exception {
        Instant old = Instant.now().minus(SandboxFiles.SETTLING).minusSeconds(60);
        Path noLock = folder("tern-sandboxes-1", old, false);
        Path young = folder("tern-sandboxes-2", Instant.now(), false);
        Path killed = folder("tern-sandboxes-3", old, true);
        Path alive = folder("tern-sandboxes-4", old, true);
        Path notOurs = folder("tern-sandbox-etc-5", old, false);
        Process holdsKilled = holdLock(killed.resolve(SandboxFiles.LOCK));
        Process holdsAlive = holdLock(alive.resolve(SandboxFiles.LOCK));
        try (SandboxFiles liveHere = new SandboxFiles(tmp)) {
            Path liveInThisJvm = liveHere.folder();
            assertThat(liveHere.swept()).isEqualTo(1);
            assertThat(noLock).doesNotExist();
            assertThat(killed).as("its process still holds the lock").isDirectory();
            Files.setLastModifiedTime(liveInThisJvm, FileTime.from(old));
            holdsKilled.destroyForcibly();
            assertThat(holdsKilled.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // the process is gone (SIGKILL: no shutdown hook ran), so the kernel has released its lock
            try (SandboxFiles next = new SandboxFiles(tmp)) {
                next.folder();
                assertThat(next.swept()).isEqualTo(1);
                assertThat(killed).doesNotExist();
                assertThat(young).as("maybe still being set up").isDirectory();
                assertThat(alive).as("its process holds the lock").isDirectory();
                assertThat(liveInThisJvm).as("held in this JVM").isDirectory();
                assertThat(notOurs).as("another name").isDirectory();
            }
        } finally {
            holdsAlive.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            holdsKilled.destroyForcibly();
        }
    }

    private Path folder(String name, Instant modified, boolean withLock) throws Exception {
        Path d = Files.createDirectories(tmp.resolve(name));
        Files.writeString(d.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        if (withLock) Files.createFile(d.resolve(SandboxFiles.LOCK));
        Files.setLastModifiedTime(d, FileTime.from(modified));
        return d;
    }

    /** Another JVM that takes the lock (as a live Tern process holds its folder's), then waits to be killed. */
    private Process holdLock(Path lock) throws Exception {
        Path src = tmp.resolve("HoldLock.java");
        if (!Files.exists(src)) {
            Files.writeString(src, """
                    import java.nio.channels.FileChannel;
                    import java.nio.file.*;
                    public class HoldLock {
                        public static void main(String[] a) throws Exception {
                            FileChannel ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE);
                            ch.lock();
                            System.out.println("locked");
                            System.out.flush();
                            System.in.read();
                        }
                    }
                    """);
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", src.toString(), lock.toString())
                .redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).as("the lock holder started").isEqualTo("locked");
        return p;
    }

    private static String etcOf(List<String> bwrapArgs) {
        int i = bwrapArgs.indexOf("/etc");
        assertThat(bwrapArgs.get(i - 2)).isEqualTo("--ro-bind");
        return bwrapArgs.get(i - 1);
    }
}
