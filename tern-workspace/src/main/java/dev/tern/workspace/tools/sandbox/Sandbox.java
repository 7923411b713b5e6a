package dev.tern.workspace.tools.sandbox;

import dev.tern.workspace.tools.ProtectedPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * OS isolation for commands the model writes, with bubblewrap ({@code bwrap}, Debian package
 * {@code bubblewrap}; the way Claude Code and Codex CLI do it on Linux). A sandboxed command sees:
 * <ul>
 *   <li>the workspace read-write, except its protected items ({@code .git .tern .mcp.json sessions
 *       agents hooks workflows}, the config file) which are mounted read-only; protected items the
 *       command creates are removed when it ends ({@link #removeCreated});</li>
 *   <li>{@code /usr} and the root links to it read-only; of {@code /etc} only a copy of what programs
 *       need to run (loader cache, alternatives, public certificates, locale, time zone; never
 *       {@code shadow} or {@code ssl/private}) and a {@code passwd}/{@code group} that name only root,
 *       the user and nobody; nothing else of the machine: the home folder
 *       (with {@code ~/.ssh}, {@code ~/.tern}, caches and keys) is an empty tmpfs, {@code /tmp} a
 *       private tmpfs, {@code /root /home /opt /srv /var /mnt /media /run} absent;</li>
 *   <li>no network (a private network namespace) unless {@link SandboxConfig#network()};</li>
 *   <li>a fresh PID namespace (background children die with the command), a new session (no
 *       terminal injection), {@code no_new_privs}, every capability dropped (also for root, so read-only
 *       mounts hold: file modes do not stop root, mounts do), and an environment from an allow-list
 *       ({@link SandboxEnv}: no API keys);</li>
 *   <li>{@code --die-with-parent}: if Tern dies, the command dies.</li>
 * </ul>
 * Thread-safe; one per workspace runtime, closed with it. The availability probe runs once, on first use.
 * The {@code /etc} copy and the proxy's socket live in {@link SandboxFiles}, which the sandboxes of a
 * process share.
 */
public final class Sandbox implements AutoCloseable {

    private static final List<String> ROOT_LINKS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    /** Secrets under the home folder, hidden again when the workspace is (inside) the home folder. */
    private static final List<String> HOME_SECRETS = List.of(".ssh", ".tern", ".aws", ".azure", ".gnupg", ".config",
            ".netrc", ".docker", ".kube", ".npmrc", ".pypirc", ".git-credentials", ".m2/settings.xml", ".gradle/gradle.properties");

    private final SandboxConfig config;
    private final ProtectedPaths protectedPaths;
    private final Path workspace;
    private final Path home;
    private final Map<String, String> processEnv;
    private final Path bwrap;
    private final long uid;
    private final Object probeLock = new Object();
    private volatile String failure;
    private volatile boolean probed;
    private volatile Path etcDir;
    private volatile NetworkProxy proxy;
    private final Path socat;
    private final SandboxFiles files;
    private final boolean ownsFiles;
    private volatile boolean closed;

    /** Where the proxy's socket appears inside the sandbox, and the port socat serves it on. */
    static final String PROXY_SOCKET = "/run/tern-proxy.sock";
    static final int PROXY_PORT = 3128;

    private Sandbox(SandboxConfig config, ProtectedPaths protectedPaths, Map<String, String> env, SandboxFiles files,
                    boolean ownsFiles) {
        this.config = config;
        this.files = files;
        this.ownsFiles = ownsFiles;
        this.protectedPaths = protectedPaths;
        this.workspace = real(protectedPaths.workspace());
        this.processEnv = Map.copyOf(env);
        String h = env.get("HOME");
        this.home = Path.of(h == null || h.isBlank() ? System.getProperty("user.home") : h).toAbsolutePath().normalize();
        this.bwrap = find(config.bwrap());
        this.uid = uid();
        this.socat = config.proxied() ? findIn(List.of("/usr/bin/socat", "/bin/socat")) : null;
    }

    /** A sandbox for the workspace of {@code protectedPaths}, commands getting an allow-listed copy of this process's environment. */
    public static Sandbox create(SandboxConfig config, ProtectedPaths protectedPaths) {
        return create(config, protectedPaths, System.getenv());
    }

    /**
     * A sandbox for the workspace of {@code protectedPaths}. Finding bwrap is a few file checks; the
     * probe waits for first use.
     *
     * @param env the environment commands are built from (allow-listed; its HOME is the folder hidden)
     */
    public static Sandbox create(SandboxConfig config, ProtectedPaths protectedPaths, Map<String, String> env) {
        return new Sandbox(config, protectedPaths, env, new SandboxFiles(), true);
    }

    /**
     * A sandbox whose {@code /etc} copy and proxy socket live in the process's shared {@code files}
     * (closed by their owner, not by this sandbox).
     */
    public static Sandbox create(SandboxConfig config, ProtectedPaths protectedPaths, Map<String, String> env,
                                 SandboxFiles files) {
        return new Sandbox(config, protectedPaths, env, files, false);
    }

    public SandboxConfig config() { return config; }

    public Path workspace() { return workspace; }

    public ProtectedPaths protectedPaths() { return protectedPaths; }

    /** True when the config asks for isolation (it may still be unavailable). */
    public boolean enabled() { return config.enabled(); }

    /** Why sandboxed commands cannot run here, or null when they can (probes bwrap once). */
    public String unavailable() {
        if (!config.enabled()) return "the sandbox is disabled in the config (tools.sandbox.enabled = false)";
        if (bwrap == null) {
            return config.bwrap() != null ? "bubblewrap not found at " + config.bwrap()
                    : "bubblewrap (bwrap) is not installed; install the Debian package 'bubblewrap'";
        }
        if (!probed) {
            synchronized (probeLock) {
                if (!probed) {
                    failure = probe();
                    probed = true;
                }
            }
        }
        return failure;
    }

    /** Why the allow-listed hosts cannot be reached (then commands get no network at all), or null. */
    public String proxyUnavailable() {
        return config.proxied() && socat == null
                ? "sandbox.allowHosts needs socat inside the sandbox (Debian package 'socat'); commands get no network" : null;
    }

    /** Why bwrap is missing, without probing it (for the one start-up warning); null when it was found. */
    public String missing() {
        if (!config.enabled()) return "the sandbox is disabled in the config (tools.sandbox.enabled = false)";
        return bwrap == null ? unavailable() : null;
    }

    /**
     * The command line that runs {@code command} inside the sandbox.
     *
     * @param cwd        the working folder (an absolute path inside the workspace)
     * @param extraWrite further folders the command may write (besides the workspace and the config's)
     */
    public List<String> wrap(List<String> command, Path cwd, Collection<Path> extraWrite) {
        if (closed) throw new IllegalStateException("the sandbox is closed (its workspace runtime ended)");
        List<String> a = new ArrayList<>(64);
        a.add(bwrap.toString());
        a.addAll(List.of("--die-with-parent", "--new-session", "--unshare-pid", "--unshare-ipc"));
        if (!config.network()) a.add("--unshare-net");
        a.addAll(List.of("--cap-drop", "ALL"));
        a.addAll(List.of("--ro-bind", "/usr", "/usr"));
        for (String l : ROOT_LINKS) {
            Path p = Path.of(l);
            if (Files.isSymbolicLink(p)) {
                try {
                    a.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), l));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (Files.isDirectory(p)) {
                a.addAll(List.of("--ro-bind", l, l));
            }
        }
        a.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--dir", "/var", "--tmpfs", "/var/tmp",
                "--ro-bind", etcDir().toString(), "/etc"));
        a.addAll(List.of("--tmpfs", home.toString()));
        for (Path p : config.readPaths()) if (Files.exists(p)) a.addAll(List.of("--ro-bind", p.toString(), p.toString()));
        a.addAll(List.of("--bind", workspace.toString(), workspace.toString()));
        Set<Path> writes = new LinkedHashSet<>(config.writePaths());
        writes.addAll(extraWrite);
        for (Path p : writes) if (Files.exists(p)) a.addAll(List.of("--bind", p.toString(), p.toString()));
        for (Path p : protectedPaths.inWorkspace()) {
            Path r = p.startsWith(protectedPaths.workspace()) ? workspace.resolve(protectedPaths.workspace().relativize(p)) : p;
            if (Files.exists(r, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(r)) {
                a.addAll(List.of("--ro-bind", r.toString(), r.toString()));
            }
        }
        if (workspace.startsWith(home) || home.startsWith(workspace)) {
            for (String s : HOME_SECRETS) {
                Path p = home.resolve(s);
                if (!p.startsWith(workspace) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) continue;
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) a.addAll(List.of("--tmpfs", p.toString()));
                else a.addAll(List.of("--ro-bind", "/dev/null", p.toString()));
            }
        }
        List<String> inner = command;
        if (config.proxied() && socat != null) {
            a.addAll(List.of("--bind", proxy().socket().toString(), PROXY_SOCKET));
            // socat turns the sandbox's own 127.0.0.1:3128 into the proxy's socket; the command starts once it listens
            inner = new ArrayList<>(List.of("/bin/sh", "-c", socat + " TCP-LISTEN:" + PROXY_PORT + ",bind=127.0.0.1,fork,reuseaddr"
                    + " UNIX-CONNECT:" + PROXY_SOCKET + " 2>/dev/null & i=0; while [ $i -lt 200 ] && ! " + socat
                    + " -u /dev/null TCP:127.0.0.1:" + PROXY_PORT + " 2>/dev/null; do i=$((i+1)); sleep 0.01; done; exec \"$@\"",
                    "tern-proxy"));
            inner.addAll(command);
        }
        a.addAll(List.of("--chdir", cwd.toString(), "--"));
        a.addAll(inner);
        return a;
    }

    /**
     * Like {@link #wrap}, for a process started by someone else's {@code ProcessBuilder} (an MCP
     * stdio server): bwrap itself clears the environment and sets {@link #environment(Map)} inside.
     */
    public List<String> wrapWithEnvironment(List<String> command, Path cwd, Map<String, String> extraEnv) {
        List<String> a = wrap(command, cwd, List.of());
        List<String> env = new ArrayList<>(List.of("--clearenv"));
        environment(extraEnv).forEach((k, v) -> env.addAll(List.of("--setenv", k, v)));
        a.addAll(1, env);
        return a;
    }

    /** The environment of a sandboxed command: the allow-list of the environment, HOME and TMPDIR, then {@code extra}. */
    public Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(SandboxEnv.filter(processEnv, config.env()));
        env.put("HOME", home.toString());
        env.put("TMPDIR", "/tmp");
        if (config.proxied() && socat != null) {
            String url = "http://127.0.0.1:" + PROXY_PORT;
            for (String k : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY")) env.put(k, url);
        }
        env.putAll(extra);
        return env;
    }

    /** The environment of a command run without the sandbox: still the allow-list, with the real HOME and TMPDIR. */
    public Map<String, String> plainEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(SandboxEnv.filter(processEnv, config.env()));
        env.put("HOME", home.toString());
        String tmp = processEnv.get("TMPDIR");
        if (tmp != null) env.put("TMPDIR", tmp);
        return env;
    }

    /** The home folder commands see (hidden behind an empty tmpfs in the sandbox). */
    public Path home() { return home; }

    /**
     * The protected workspace items that do not exist now (checked again after a command by
     * {@link #removeCreated}). Tern's own state folder {@code .tern} is created first: Tern itself may
     * write into it while the command runs (saved tool results, logs), so it must be mounted read-only
     * rather than cleaned up afterwards.
     */
    public Set<Path> absentProtected() throws IOException {
        Path state = workspace.resolve(".tern");
        if (protectedPaths.names().contains(".tern") && !Files.exists(state, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(state);
        }
        Set<Path> out = new LinkedHashSet<>();
        for (Path p : protectedPaths.inWorkspace()) {
            Path r = p.startsWith(protectedPaths.workspace()) ? workspace.resolve(protectedPaths.workspace().relativize(p)) : p;
            if (!Files.exists(r, LinkOption.NOFOLLOW_LINKS)) out.add(r);
        }
        return out;
    }

    /**
     * Removes the protected items among {@code absentBefore} that exist now: a sandboxed command could
     * create them (their parent, the workspace, is writable) though not change existing ones. Every
     * process of the command is gone by then (PID namespace), so nothing re-creates them behind us.
     *
     * @return the workspace-relative names removed
     */
    public List<String> removeCreated(Set<Path> absentBefore) throws IOException {
        List<String> removed = new ArrayList<>();
        for (Path p : absentBefore) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) continue;
            Trees.deleteRecursively(p);
            removed.add(workspace.relativize(p).toString());
        }
        return removed;
    }

    private String probe() {
        List<String> cmd = wrap(List.of("/bin/sh", "-c", "exit 0"), workspace, List.of());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "bubblewrap did not start within 20 s";
            }
            if (p.exitValue() != 0) {
                String msg = new String(out, StandardCharsets.UTF_8).strip();
                return "bubblewrap cannot create the sandbox here (" + (msg.isEmpty() ? "exit code " + p.exitValue()
                        : msg.lines().findFirst().orElse(msg)) + ")";
            }
            return null;
        } catch (IOException e) {
            return "bubblewrap cannot start: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            probed = false;
            return "interrupted while checking bubblewrap";
        }
    }

    /**
     * The sandbox's {@code /etc}: copies of the allow-listed entries and passwd and group files naming
     * only root, this user and nobody, shared with every sandbox of the process that needs the same
     * (see {@link SandboxFiles}). One read-only mount instead of one per entry (each mount costs the
     * command start-up time).
     */
    private Path etcDir() {
        Path d = etcDir;
        if (d != null) return d;
        synchronized (probeLock) {
            if (etcDir == null) {
                etcDir = files.etc(EtcSkeleton.of(config.network(), uid, System.getProperty("user.name", "user"), home));
            }
            return etcDir;
        }
    }

    private static Path find(Path configured) {
        if (configured != null) return Files.isExecutable(configured) ? configured : null;
        return findIn(List.of("/usr/bin/bwrap", "/bin/bwrap", "/usr/local/bin/bwrap"));
    }

    private static Path findIn(List<String> candidates) {
        for (String c : candidates) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** The allow-list proxy, started on first use; its socket lives in the {@link SandboxFiles} folder. */
    private NetworkProxy proxy() {
        NetworkProxy p = proxy;
        if (p != null) return p;
        synchronized (probeLock) {
            if (proxy == null) {
                try {
                    proxy = new NetworkProxy(files.socket(), config.allowHosts());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start the sandbox's network proxy: " + e.getMessage(), e);
                }
            }
            return proxy;
        }
    }

    /**
     * Stops the allow-list proxy (its socket removed) and, when this sandbox made its own
     * {@link SandboxFiles}, removes them; commands cannot be wrapped afterwards.
     */
    @Override
    public void close() {
        synchronized (probeLock) {
            if (closed) return;
            closed = true;
            try {
                if (proxy != null) proxy.close();
            } catch (IOException e) {
                // a Unix socket file that could not be removed: removed with the folder below, or by the next sweep
            } finally {
                if (ownsFiles) files.close();
            }
        }
    }

    private static long uid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
