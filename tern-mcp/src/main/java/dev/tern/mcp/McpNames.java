package dev.tern.mcp;

import dev.tern.json.CanonicalJson;

/** Model-facing names of MCP tools: {@code mcp_<server>_<tool>}, only {@code [a-zA-Z0-9_-]}, at most 64 chars. */
public final class McpNames {

    public static final int MAX = 64;

    private McpNames() { }

    /** The prefix every tool of {@code server} shares. */
    public static String prefix(String server) { return "mcp_" + sanitize(server) + "_"; }

    /**
     * The tool name the model sees. Characters outside {@code [a-zA-Z0-9_-]} become {@code _}; a name
     * longer than 64 chars is cut and ends with 8 hex digits of the full name's hash, so distinct long
     * names stay distinct.
     */
    public static String toolName(String server, String tool) {
        String full = prefix(server) + sanitize(tool);
        if (full.length() <= MAX) return full;
        String hash = CanonicalJson.sha256Hex(server + "\n" + tool).substring(0, 8);
        return full.substring(0, MAX - 9) + "_" + hash;
    }

    static String sanitize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }
}
