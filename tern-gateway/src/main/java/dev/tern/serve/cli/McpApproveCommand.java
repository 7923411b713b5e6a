package dev.tern.serve.cli;

import dev.tern.mcp.McpServerConfig;
import dev.tern.runtime.TernRuntime;
import dev.tern.workspace.config.ConfigException;
import dev.tern.workspace.config.ConfigLoader;
import dev.tern.workspace.config.TernConfig;
import dev.tern.workspace.permission.ApprovalStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tern mcp approve [NAME...] [--all] [--workspace DIR] [--user NAME] [--config FILE]}: approves the MCP
 * servers of a workspace's {@code .mcp.json} from the command line, for a server with no terminal to ask at
 * ({@code tern serve}). Without names it lists the servers and whether each is approved, new or changed.
 * An approval is what {@code tern chat} remembers after its prompt: the server's exact config (command,
 * arguments, environment, URL, headers) in the user's {@code approvals.json} ({@code TERN_USER_DIR}, else
 * {@code ~/.tern}); any later change to the server needs a new one. Servers of the user's own config are
 * trusted and need none.
 */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve the MCP servers of a workspace's .mcp.json (for tern serve, which cannot ask).",
                "Without NAME: list them, approved or not."})
public final class McpApproveCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "servers of .mcp.json to approve")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "approve every server of .mcp.json that is new or changed")
    boolean all;

    @Option(names = {"-w", "--workspace"}, description = "workspace folder (default: the current directory)")
    Path workspace;

    @Option(names = "--user", description = "a token user of tern serve: their folder <workspace>/users/NAME")
    String user;

    @Option(names = {"-c", "--config"}, description = "config file (default: ~/.tern/config.json)")
    Path config;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    public McpApproveCommand() { this(System.getenv(), System.out, System.err); }

    McpApproveCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Path root = (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
        if (user != null && !user.matches("[A-Za-z0-9._-]{1,64}")) return fail("not a user name: " + user);
        Path ws = user == null ? root : root.resolve("users").resolve(user);
        if (!Files.isDirectory(ws)) return fail("workspace is not a folder: " + ws);
        if (all && !names.isEmpty()) return fail("give server names or --all, not both");
        Path file = ws.resolve(".mcp.json");
        Map<String, McpServerConfig> servers;
        TernConfig own;
        try {
            servers = ConfigLoader.loadMcpJson(file);
            own = userConfig();
        } catch (ConfigException e) {
            return fail(e.getMessage());
        }
        if (servers.isEmpty()) {
            out.println("no MCP servers in " + file);
            return names.isEmpty() ? 0 : fail("nothing to approve: no MCP servers in " + file);
        }
        ApprovalStore store = ApprovalStore.inUserDir(TernRuntime.userDir(env));
        for (String n : names) {
            if (!servers.containsKey(n)) return fail("no MCP server '" + n + "' in " + file + " (servers: " + String.join(", ", servers.keySet()) + ")");
        }
        if (names.isEmpty() && !all) {
            servers.forEach((name, s) -> out.println(name + "\t" + state(store, ws, own, s) + "\t" + s.describe()));
            return 0;
        }
        int approved = 0;
        for (Map.Entry<String, McpServerConfig> e : servers.entrySet()) {
            McpServerConfig s = e.getValue();
            String state = state(store, ws, own, s);
            if (!names.contains(e.getKey()) && !(all && (state.equals("new") || state.equals("changed")))) continue;
            if (state.equals("approved") || state.startsWith("trusted")) {
                out.println("MCP server '" + e.getKey() + "' needs no approval (" + state + ")");
                continue;
            }
            try {
                store.approve(ws, "mcp:" + s.name(), s.fingerprint());
            } catch (java.io.UncheckedIOException x) {
                return fail(x.getMessage());
            }
            approved++;
            out.println("approved MCP server '" + e.getKey() + "' (" + s.describe() + ") for " + ws);
        }
        if (approved > 0) out.println("a running tern serve starts it after a restart; tern run and tern chat start it from now on");
        else if (all) out.println("nothing to approve: every MCP server of " + file + " is approved");
        return 0;
    }

    /** {@code approved}, {@code new}, {@code changed}, or {@code trusted (your config defines it)}. */
    private static String state(ApprovalStore store, Path ws, TernConfig own, McpServerConfig s) {
        McpServerConfig mine = own == null ? null : own.mcpServers().get(s.name());
        if (mine != null && !mine.equals(s)) return "trusted (your config defines '" + s.name() + "')";
        if (store.approved(ws, "mcp:" + s.name(), s.fingerprint())) return "approved";
        return store.of(ws).containsKey("mcp:" + s.name()) ? "changed" : "new";
    }

    /** The user's own config (servers there are trusted), or null when there is none. */
    private TernConfig userConfig() {
        ConfigLoader loader = new ConfigLoader(env::get);
        if (config != null) {
            if (!Files.exists(config)) throw new ConfigException("config file not found: " + config);
            return loader.load(config);
        }
        return Files.exists(ConfigLoader.defaultPath()) ? loader.loadDefault() : null;
    }

    private int fail(String message) {
        err.println("tern: " + message);
        return 2;
    }
}
