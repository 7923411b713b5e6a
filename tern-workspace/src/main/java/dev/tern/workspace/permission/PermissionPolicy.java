package dev.tern.workspace.permission;

import dev.tern.tool.Tool;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which tools count as file edits (auto-approved in {@code acceptEdits}) and which need the user's
 * approval. Read-only tools never need approval. Immutable.
 *
 * @param editTools     names of tools that edit files ({@code write_file, edit_file})
 * @param approvalTools names of other tools that always need approval ({@code exec})
 * @param extra         further tools needing approval, e.g. MCP tools annotated {@code destructiveHint}
 */
public record PermissionPolicy(Set<String> editTools, Set<String> approvalTools, Predicate<Tool> extra) {

    public static final PermissionPolicy DEFAULT =
            new PermissionPolicy(Set.of("write_file", "edit_file"), Set.of("exec"), t -> false);

    public PermissionPolicy {
        editTools = Set.copyOf(editTools);
        approvalTools = Set.copyOf(approvalTools);
        extra = extra == null ? t -> false : extra;
    }

    /** This policy plus {@code more} tools needing approval (e.g. {@code t -> destructive.contains(t.name())}). */
    public PermissionPolicy alsoRequiring(Predicate<Tool> more) {
        Predicate<Tool> before = extra;
        return new PermissionPolicy(editTools, approvalTools, t -> before.test(t) || more.test(t));
    }

    /** True for a tool that edits files. */
    public boolean isEdit(Tool tool) {
        return !tool.traits().readOnly() && editTools.contains(tool.name());
    }

    /** True when a call of this tool must be approved in {@code default} mode. Never for read-only tools. */
    public boolean requiresApproval(Tool tool) {
        if (tool.traits().readOnly()) return false;
        String name = tool.name();
        return editTools.contains(name) || approvalTools.contains(name) || extra.test(tool);
    }
}
