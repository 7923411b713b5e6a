package dev.tern.orchestration.agents;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What an agent's {@code tools:} entry allows, in Tern's tool names. Claude Code's names map to
 * Tern's ({@code Read}→{@code read_file}, {@code Bash}→{@code exec}, {@code Glob}→{@code glob}, ...),
 * its MCP names {@code mcp__server__tool} to {@code mcp_server_tool} (and {@code mcp__server} to every
 * tool of that server); Tern names and {@code *} patterns ({@code mcp_market_*}) pass through. A
 * Claude Code name with no Tern equivalent ({@code Task}, {@code TodoWrite}) is listed in
 * {@link #unknown()} and allows nothing.
 *
 * @param patterns Tern names and {@code *} patterns, in order, without duplicates; null = every tool
 * @param unknown  names that have no Tern equivalent
 */
public record ToolAccess(List<String> patterns, List<String> unknown) {

    /** Claude Code's built-in tool names and Tern's equivalents. */
    public static final Map<String, String> CLAUDE_CODE_NAMES = Map.ofEntries(
            Map.entry("read", "read_file"), Map.entry("write", "write_file"), Map.entry("edit", "edit_file"),
            Map.entry("multiedit", "edit_file"), Map.entry("bash", "exec"), Map.entry("webfetch", "web_fetch"),
            Map.entry("websearch", "web_search"), Map.entry("ls", "list_dir"), Map.entry("glob", "glob"),
            Map.entry("grep", "grep"));

    /** Claude Code tools Tern has no counterpart for (reported, never fatal). */
    static final Set<String> CLAUDE_CODE_ONLY = Set.of("task", "todowrite", "todoread", "notebookedit", "notebookread",
            "exitplanmode", "bashoutput", "killbash", "killshell", "slashcommand", "agent", "skill");

    /** Every tool. */
    public static final ToolAccess ALL = new ToolAccess(null, List.of());

    public ToolAccess {
        patterns = patterns == null ? null : List.copyOf(patterns);
        unknown = List.copyOf(unknown);
    }

    /** Maps an agent's {@code tools} entry (null = every tool). */
    public static ToolAccess of(List<String> tools) {
        if (tools == null) return ALL;
        Set<String> out = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String raw : tools) {
            String t = raw.strip();
            int paren = t.indexOf('(');
            if (paren > 0 && t.endsWith(")")) t = t.substring(0, paren).strip(); // Bash(git:*) -> Bash
            if (t.isEmpty()) continue;
            String lower = t.toLowerCase(Locale.ROOT);
            String mapped = CLAUDE_CODE_NAMES.get(lower);
            if (mapped != null && !t.equals(mapped)) {
                out.add(mapped);
            } else if (t.startsWith("mcp__")) {
                String rest = t.substring(5);
                int sep = rest.indexOf("__");
                out.add(sep < 0 ? "mcp_" + rest + "_*" : "mcp_" + rest.substring(0, sep) + "_" + rest.substring(sep + 2));
            } else if (CLAUDE_CODE_ONLY.contains(lower) || Character.isUpperCase(t.charAt(0)) && !t.contains("_") && !t.contains("*")) {
                unknown.add(raw.strip());
            } else {
                out.add(t);
            }
        }
        return new ToolAccess(List.copyOf(out), unknown);
    }

    public boolean unrestricted() { return patterns == null; }

    /** Whether a tool of this name may be given to the agent. */
    public boolean allows(String tool) {
        if (patterns == null) return true;
        for (String p : patterns) if (matches(p, tool)) return true;
        return false;
    }

    /** The predicate form of {@link #allows}. */
    public Predicate<String> predicate() { return this::allows; }

    /** A key naming the allowed set (views are shared between agents with the same set). */
    public String key() { return patterns == null ? "*all*" : String.join(",", patterns); }

    static boolean matches(String pattern, String name) {
        int star = pattern.indexOf('*');
        if (star < 0) return pattern.equals(name);
        if (star == pattern.length() - 1 && pattern.indexOf('*', 0) == star) return name.startsWith(pattern.substring(0, star));
        return name.matches(java.util.regex.Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
    }
}
