package dev.tern.cli;

import dev.tern.cancel.Cancellation;

import dev.tern.runtime.WorkspaceRuntime;

import dev.tern.run.RunResult;
import dev.tern.mcp.McpToolset;
import dev.tern.memory.tracker.Estimates;
import dev.tern.tool.Tool;
import dev.tern.agent.Agent;
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
            "/clear", "/mode", "/sessions", "/resume", "/exit", "/quit", "/q");

    private final WorkspaceRuntime tern;
    private final PrintStream out;
    private final boolean live;
    private final Agent agent;
    private final boolean stats;
    private String sessionKey;
    private WorkspaceChat chat;
    private int turns;
    private volatile Cancellation running;
    /** What usually takes how long here (live status line only), read in the background and again after every turn. */
    private volatile Estimates usual = Estimates.NONE;

    public ChatLoop(WorkspaceRuntime tern, String sessionKey, PrintStream out, boolean live) {
        this(tern, tern.agent(), sessionKey, out, live, false);
    }

    /**
     * @param agent the agent of every turn (the workspace's, or a variant with another prompt or fewer tools)
     * @param stats print the {@code --stats} summary after each turn
     */
    public ChatLoop(WorkspaceRuntime tern, Agent agent, String sessionKey, PrintStream out, boolean live, boolean stats) {
        this.tern = tern;
        this.agent = agent;
        this.out = out;
        this.live = live;
        this.stats = stats;
        this.sessionKey = sessionKey;
        this.chat = tern.chat(sessionKey, agent);
        readEstimates();
    }

    private void readEstimates() {
        if (live) Thread.ofVirtual().name("estimates").start(() -> usual = Estimates.read(tern.tracker()));
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
            progress.usual(usual);
            Cancellation cancel = Cancellation.create();
            running = cancel;
            RunResult r;
            try {
                r = chat.send(input, "cli", sessionKey, List.of(progress), cancel); // runs are recorded by the runtime's tracker
            } finally {
                running = null;
            }
            progress.endText();
            if (!r.completed()) out.println("[" + r.outcome().name().toLowerCase(Locale.ROOT) + "] " + r.reason());
            else if (r.text().isBlank()) out.println("[empty answer] the model returned no text");
            out.printf("(%.1fs, %s, %s, %d tokens)%n", r.wall().toMillis() / 1000.0, Stats.plural(r.iterations(), "model call"),
                    Stats.plural(r.toolCalls(), "tool call"), r.usage().totalTokens());
            if (stats) out.print(Stats.line(r, tern, tern.costs().total().unpricedCalls() == 0));
        }
        readEstimates();   // this turn is in the tracker's files now
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
                      /perf              model and tool timings, tokens, cost, permission checks, per agent and model
                      /cache [clear]     tool-, prompt- and response-cache counters; clear drops every cached tool result
                      /sessions          the sessions of this workspace, most recent first
                      /resume KEY        continue another session (see /sessions)
                      /mode [MODE]       show or set the permission mode (default, acceptEdits, bypassPermissions, plan)
                      /clear             clear the screen
                      /exit, /quit, /q   leave
                    """);
            case "/new" -> {
                sessionKey = "cli:" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
                chat = tern.chat(sessionKey, agent);
                out.println("new session " + sessionKey);
            }
            case "/sessions" -> out.print(SessionsCommand.table(tern.sessions().list(), tern.workspace().resolve("sessions"),
                    java.time.Instant.now()));
            case "/resume" -> {
                if (arg.isEmpty()) {
                    out.println("usage: /resume KEY (/sessions lists them)");
                    return true;
                }
                try {
                    sessionKey = SessionOptions.find(tern.sessions(), arg);
                } catch (IllegalArgumentException e) {
                    out.println(e.getMessage());
                    return true;
                }
                chat = tern.chat(sessionKey, agent);
                out.println("resumed session " + sessionKey + " (" + chat.session().size() + " messages)");
            }
            case "/status" -> status();
            case "/tools" -> tools();
            case "/perf", "/performance" -> out.print(PerfReport.perf(tern));
            case "/cache" -> {
                if (arg.equalsIgnoreCase("clear")) {
                    int n = tern.cache().snapshot().entries();
                    tern.cache().clear();
                    out.println("tool cache cleared (" + n + " result" + (n == 1 ? "" : "s") + " dropped)");
                } else if (!arg.isEmpty()) {
                    out.println("usage: /cache or /cache clear");
                } else {
                    out.print(PerfReport.cache(tern));
                }
            }
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
        McpToolset mcp = tern.mcp();
        int mcpTools = mcp == null ? 0 : mcp.tools().size();
        int offered = agent.tools().size();
        out.println("tools        " + offered + (mcpTools > 0 ? " (" + (offered - mcpTools) + " built-in, " + mcpTools + " from MCP)" : "")
                + "; /tools lists them");
        out.println("turns        " + turns + " in this chat");
        if (mcp == null) {
            out.println("mcp          no servers configured (.mcp.json or mcpServers in the config)");
        } else {
            String label = "mcp          ";
            for (McpToolset.ServerStatus s : mcp.servers()) {
                out.println(label + serverLine(s));
                label = "             ";
            }
        }
    }

    /** One MCP server for people: {@code fs (stdio): connected, 14 tools} or {@code search (http): unavailable: ...}. */
    static String serverLine(McpToolset.ServerStatus s) {
        String state = s.connected() ? "connected" : s.error() != null ? "unavailable: " + s.error()
                : s.tools() > 0 ? "starts on first use" : "not started";
        return s.name() + " (" + s.transport() + "): " + state + ", " + Stats.plural(s.tools(), "tool")
                + (s.connects() > 1 ? ", " + (s.connects() - 1) + " restart" + (s.connects() == 2 ? "" : "s") : "");
    }

    private void tools() {
        List<Tool> all = new java.util.ArrayList<>(agent.tools().tools());
        all.sort(java.util.Comparator.comparing(Tool::name));
        out.print(AgentOptions.toolTable(all));
    }
}
