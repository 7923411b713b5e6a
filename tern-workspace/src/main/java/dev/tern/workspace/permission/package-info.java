/**
 * Permission modes ({@code default, acceptEdits, bypassPermissions, plan}) enforced by
 * {@link dev.tern.workspace.permission.PermissionGate} at the tool executor, asking the user
 * through a {@link dev.tern.workspace.permission.PermissionPrompter} only when a question is needed.
 */
package dev.tern.workspace.permission;
