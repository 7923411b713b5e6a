package dev.tern.workspace.permission;

/** The user's answer to a {@link PermissionRequest}. */
public enum PermissionDecision {
    /** Run this call. */
    ALLOW_ONCE,
    /** Run this call and every later call of the same tool in this session without asking. */
    ALLOW_ALWAYS,
    /** Do not run it; the model is told the user declined. */
    DENY
}
