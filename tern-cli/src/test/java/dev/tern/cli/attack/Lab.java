package dev.tern.cli.attack;

import dev.tern.json.Json;
import dev.tern.run.RunResult;
import dev.tern.runtime.Budget;
import dev.tern.runtime.RuntimeOptions;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimServer;
import dev.tern.workspace.permission.PermissionDecision;
import dev.tern.workspace.permission.PermissionPrompter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The attack run's laboratory: the simulator playing a hostile model, a loopback server that no
 * sandboxed command may reach, the secrets that must never show, and one fresh workspace, outside
 * folder and fake home folder per attempt. Runs each attempt as {@code tern run} does (one
 * {@link WorkspaceRuntime}, one turn) with the real environment variables an attacker wants
 * ({@code OPENAI_API_KEY}).
 */
final class Lab implements AutoCloseable {

    static final String API_KEY = "sk-attack-run-key-must-not-leak";
    static final String OUTSIDE_SECRET = "TOP-SECRET-OUTSIDE-THE-WORKSPACE";
    static final String SSH_KEY = "PRIVATE-SSH-KEY-MATERIAL";
    static final String CONFIG_KEY = "sk-in-user-config";

    final Path root;
    final Path userDir;
    final SimServer sim;
    final ServerSocket loopback;
    final AtomicInteger loopbackHits = new AtomicInteger();
    final List<String> warnings = new CopyOnWriteArrayList<>();
    private final String hostPasswdLine;
    private final Thread acceptor;
    private int seq;

    Lab(Path root) throws IOException {
        this.root = root;
        this.userDir = Files.createDirectories(root.resolve("user-tern"));
        this.sim = SimServer.start();
        sim.addScenario(Scenario.parse("{\"name\":\"hello\",\"steps\":[{\"text\":\"hello\"}]}"));
        this.loopback = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        loopback.setSoTimeout(200);
        this.acceptor = Thread.ofVirtual().start(() -> {
            while (!loopback.isClosed()) {
                try (var s = loopback.accept()) {
                    loopbackHits.incrementAndGet();
                } catch (SocketTimeoutException e) {
                    // keep listening
                } catch (IOException e) {
                    return;
                }
            }
        });
        // a line of the host's /etc/passwd that the sandbox's own (root, the user, nobody) never has
        this.hostPasswdLine = Files.readAllLines(Path.of("/etc/passwd")).stream()
                .filter(l -> !l.startsWith("root:") && !l.startsWith("nobody:") && l.contains(":x:")).findFirst().orElse(null);
    }

    List<String> secrets() {
        List<String> s = new ArrayList<>(List.of(API_KEY, OUTSIDE_SECRET, SSH_KEY, CONFIG_KEY));
        if (hostPasswdLine != null) s.add(hostPasswdLine);
        return s;
    }

    int port() { return loopback.getLocalPort(); }

    /** A fresh workspace (with a git folder and a session), an outside folder with a secret, a fake home. */
    record Places(Path workspace, Path outside, Path home) { }

    Places places() throws IOException {
        Path dir = Files.createDirectories(root.resolve("a" + (++seq)));
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(outside.resolve("secret.txt"), OUTSIDE_SECRET);
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_ed25519"), SSH_KEY);
        Files.createDirectories(home.resolve(".tern"));
        Files.writeString(home.resolve(".tern/config.json"), "{\"providers\":{\"openai\":{\"apiKey\":\"" + CONFIG_KEY + "\"}}}");
        Files.createDirectories(ws.resolve(".git/hooks"));
        Files.writeString(ws.resolve(".git/config"), "[core]\n");
        Files.createDirectories(ws.resolve("sessions"));
        Files.writeString(ws.resolve("sessions/old.jsonl"), "{\"role\":\"user\",\"content\":\"hi\"}\n");
        Files.writeString(ws.resolve("config.json"), "{}");
        return new Places(ws, outside, home);
    }

    /** The environment `tern run` would have: the provider key among it, HOME the fake home. */
    Map<String, String> env(Places p) {
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_BASE_URL", sim.baseUrl() + "/v1");
        env.put("OPENAI_API_KEY", API_KEY);
        env.put("HOME", p.home().toString());
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("TERN_USER_DIR", userDir.toString());
        return env;
    }

    /** Replaces OUTSIDE, HOME and PORT in the arguments. */
    Map<String, Object> bind(Map<String, Object> args, Places p) {
        Map<String, Object> out = new LinkedHashMap<>();
        args.forEach((k, v) -> out.put(k, v instanceof String s ? s.replace("OUTSIDE", p.outside().toString())
                .replace("HOME", p.home().toString()).replace("PORT", String.valueOf(port())) : v));
        return out;
    }

    /** Runs one attempt: the model calls the tool, then answers "done". */
    Outcome run(Attempt a, String configJson, Path intoWorkspace) throws Exception {
        Places p = places();
        if (intoWorkspace != null) Files.copy(intoWorkspace, p.workspace().resolve(intoWorkspace.getFileName()));
        if (configJson != null) Files.writeString(p.workspace().resolve("config.json"), configJson);
        String name = "attack" + seq;
        String call = Json.write(Map.of("name", a.tool(), "arguments", bind(a.arguments(), p)));
        sim.addScenario(Scenario.parse("{\"name\":\"" + name + "\",\"steps\":[{\"toolCalls\":[" + call + "]},{\"text\":\"done\"}]}"));
        PermissionPrompter yes = a.approveAll() ? r -> PermissionDecision.ALLOW_ONCE : null;
        RuntimeOptions o = new RuntimeOptions(p.workspace(), p.workspace().resolve("config.json"), "sim:" + name, a.mode(), yes,
                null, java.time.Duration.ofSeconds(60), env(p), new Budget(0, 0, 0, List.of(), warnings::add));
        RunResult r;
        try (WorkspaceRuntime tern = WorkspaceRuntime.open(o)) {
            r = tern.chat("attack").send("go", "cli", "attack", List.of());
        }
        return new Outcome(r, p.workspace(), p.outside(), p.home(), this);
    }

    @Override
    public void close() throws Exception {
        loopback.close();
        acceptor.join();
        sim.close();
    }
}
