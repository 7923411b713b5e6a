package dev.tern.workspace.permission;

import java.util.Locale;

/** How tool calls with side effects are approved (names as in Claude Code / Navam). */
public enum PermissionMode {
    /** Ask the user before file edits, exec and tools that require approval. */
    DEFAULT("default"),
    /** File edits are approved automatically; exec and other approval-requiring tools are asked. */
    ACCEPT_EDITS("acceptEdits"),
    /** Everything runs without asking. */
    BYPASS_PERMISSIONS("bypassPermissions"),
    /** Read-only: every tool that is not read-only is denied. */
    PLAN("plan");

    private final String id;

    PermissionMode(String id) { this.id = id; }

    /** The config / CLI spelling, e.g. {@code acceptEdits}. */
    public String id() { return id; }

    /** Parses {@code default, acceptEdits, bypassPermissions, plan} (case and {@code _}/{@code -} insensitive). */
    public static PermissionMode parse(String s) {
        String k = s == null ? "" : s.strip().replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        for (PermissionMode m : values()) if (m.id.toLowerCase(Locale.ROOT).equals(k)) return m;
        if (k.equals("bypass") || k.equals("yolo")) return BYPASS_PERMISSIONS;
        throw new IllegalArgumentException("unknown permission mode '" + s
                + "' (use default, acceptEdits, bypassPermissions or plan)");
    }
}
