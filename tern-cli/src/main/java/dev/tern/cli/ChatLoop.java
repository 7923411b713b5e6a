package dev.tern.cli;

import dev.tern.cancel.Cancellation;

import dev.tern.runtime.WorkspaceRuntime;

import dev.tern.run.RunResult;
import dev.tern.mcp.McpToolset;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolTraits;
import dev.tern.workspace.context.WorkspaceChat;
import dev.tern.workspace.permission.PermissionMode;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The chat REPL's logic, independent of the terminal: built-in commands are handled here and never
 * sent to the model (seed 004 #6); everything else is one agent turn with the answer streamed.
 */
public final class ChatLoop {

    /** Every built-in command; anything else starting with '/' is refused locally, not sent to the model. */
    static final Set<String> BUILTINS = Set.of("/help", "/new", "/status", "/tools", "/perf", "/performance", "/cache",
            "/clear", "/mode", "/exit", "/quit", "/q");

    private final WorkspaceRuntime tern;
    private final PrintStream out;
    private final boolean live;
    private String sessionKey;
    private WorkspaceChat chat;
    private int turns;
    private volatile Cancellation running;

    public ChatLoop(WorkspaceRuntime tern, String sessionKey, PrintStream out, boolean live) {
        this.tern = tern;
        this.out = out;
        this.live = live;
        this.sessionKey = sessionKey;
        this.chat = tern.chat(sessionKey);
    }

    /** Reads lines until end of input or /exit. {@code read} returns null at end of input. */
    public void run(Function<String, String> read) {
        out.println("Tern chat: model " + tern.model() + ", workspace " + tern.workspace() + ", session " + sessionKey
                + " (" + chat.session().size() + " messages). /help for commands.");
        while (true) {
            String line = read.apply("you> ");
            if (line == null) break;
            line = line.strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("/")) {
                if (!command(line)) break;
                continue;
            }
            turn(line);
        }
        out.println("bye");
    }

    /**
     * Cancels the turn in progress, if any (Ctrl-C): the model call or tool it waits for is interrupted,
     * the run ends as CANCELLED, and everything said so far stays in the session.
     *
     * @return whether a turn was running
     */
    public boolean cancelTurn() {
        Cancellation c = running;
        if (c == null) return false;
        c.cancel("cancelled by the user (Ctrl-C)");
        return true;
    }

    void turn(String input) {
        turns++;
        try (Progress progress = new Progress(out, live, true)) {
            Cancellation cancel = Cancellation.create();
            running = cancel;
            RunResult r;
            try {
                r = chat.send(input, "cli", sessionKey, List.of(progress, new RunLog(tern.workspace(), sessionKey, tern.model())), cancel);
            } finally {
                running = null;
            }
            progress.endText();
            if (!r.completed()) out.println("[" + r.outcome().name().toLowerCase(Locale.ROOT) + "] " + r.reason());
            out.printf("(%.1fs, %d model calls, %d tool calls, %d tokens)%n", r.wall().toMillis() / 1000.0, r.iterations(),
                    r.toolCalls(), r.usage().totalTokens());
        }
    }

    /** Handles a built-in command; returns false to leave the loop. */
    boolean command(String line) {
        String[] parts = line.split("\\s+", 2);
        String cmd = parts[0].toLowerCase(Locale.ROOT);
        String arg = parts.length > 1 ? parts[1].strip() : "";
        switch (cmd) {
            case "/exit", "/quit", "/q" -> { return false; }
            case "/help" -> out.print("""
                    Commands (handled locally, never sent to the model):
                      /help              this list
                      /new               start a new session (the current one stays on disk)
                      /status            model, workspace, session, permission mode, MCP servers
                      /tools             the tools the model can call, with their traits
                      /perf              model and tool timings, tokens, cost, permission checks
                      /cache             tool-cache and prompt-cache counters
                      /mode [MODE]       show or set the permission mode (default, acceptEdits, bypassPermissions, plan)
                      /clear             clear the screen
                      /exit, /quit, /q   leave
                    """);
            case "/new" -> {
                sessionKey = "cli:" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
                chat = tern.chat(sessionKey);
                out.println("new session " + sessionKey);
            }
            case "/status" -> status();
            case "/tools" -> tools();
            case "/perf", "/performance" -> out.print(PerfReport.perf(tern.metrics().snapshot(), tern.costs().total().costUsd(),
                    tern.costs().total().netCacheSavingsUsd()));
            case "/cache" -> out.print(PerfReport.cache(tern.metrics().snapshot()));
            case "/clear" -> {
                out.print("\033[H\033[2J");
                out.flush();
            }
            case "/mode" -> {
                if (!arg.isEmpty()) {
                    try {
                        tern.permissions().setMode(PermissionMode.parse(arg));
                    } catch (IllegalArgumentException e) {
                        out.println(e.getMessage());
                        return true;
                    }
                }
                out.println("permission mode: " + tern.permissions().mode().id());
            }
            default -> out.println("unknown command " + cmd + " (not sent to the model); /help lists the commands");
        }
        return true;
    }

    private void status() {
        out.println("model        " + tern.model() + " (provider " + tern.gateway().providerFor(tern.model()).name() + ")");
        out.println("workspace    " + tern.workspace());
        out.println("session      " + sessionKey + ", " + chat.session().size() + " messages, file " + chat.session().location());
        out.println("permissions  " + tern.permissions().mode().id());
        out.println("tools        " + tern.tools().size() + " (" + String.join(", ", tern.tools().definitions().stream().map(d -> d.name()).toList()) + ")");
        out.println("turns        " + turns + " in this chat");
        McpToolset mcp = tern.mcp();
        if (mcp == null) {
            out.println("mcp          no servers configured (.mcp.json or mcpServers in the config)");
        } else {
            for (McpToolset.ServerStatus s : mcp.servers()) out.println("mcp          " + s);
        }
    }

    private void tools() {
        for (Tool t : tern.tools().tools()) {
            ToolTraits tr = t.traits();
            String traits = (tr.readOnly() ? "read-only" : "writes") + (tr.cacheable() ? ", cached" : "")
                    + (tr.exclusive() ? ", exclusive" : "") + ", timeout " + tr.timeout().toSeconds() + " s";
            String d = t.spec().description();
            out.printf("  %-28s %-40s %s%n", t.name(), traits, d.length() > 70 ? d.substring(0, 69) + "…" : d);
        }
    }
}
