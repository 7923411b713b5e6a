package dev.tern.workspace.permission;

import dev.tern.json.JsonObject;
import dev.tern.tool.Tool;
import dev.tern.workspace.tools.ProtectedPaths;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which tools count as file edits (auto-approved in {@code acceptEdits}) and which need the user's
 * approval. Read-only tools never need approval. Immutable.
 *
 * @param editTools     names of tools that edit files ({@code write_file, edit_file})
 * @param approvalTools names of other tools that always need approval ({@code exec})
 * @param extra         further tools needing approval, e.g. MCP tools annotated {@code destructiveHint}
 * @param protectedPaths files whose writes need the user's explicit approval in every mode (a write
 *                       is a call of a non-read-only tool whose resource is {@code file:<path>}); null = none
 */
public record PermissionPolicy(Set<String> editTools, Set<String> approvalTools, Predicate<Tool> extra,
                               ProtectedPaths protectedPaths) {

    public static final PermissionPolicy DEFAULT =
            new PermissionPolicy(Set.of("write_file", "edit_file"), Set.of("exec"), t -> false, null);

    public PermissionPolicy(Set<String> editTools, Set<String> approvalTools, Predicate<Tool> extra) {
        this(editTools, approvalTools, extra, null);
    }

    public PermissionPolicy {
        editTools = Set.copyOf(editTools);
        approvalTools = Set.copyOf(approvalTools);
        extra = extra == null ? t -> false : extra;
    }

    /** This policy plus {@code more} tools needing approval (e.g. {@code t -> destructive.contains(t.name())}). */
    public PermissionPolicy alsoRequiring(Predicate<Tool> more) {
        Predicate<Tool> before = extra;
        return new PermissionPolicy(editTools, approvalTools, t -> before.test(t) || more.test(t), protectedPaths);
    }

    /** This policy with writes to {@code paths} needing explicit approval in every mode. */
    public PermissionPolicy protecting(ProtectedPaths paths) {
        return new PermissionPolicy(editTools, approvalTools, extra, paths);
    }

    /**
     * The protected item a call would write, or null: the call's tool is not read-only and declares a
     * {@code file:} resource inside a protected path.
     */
    public String protectedTarget(Tool tool, JsonObject arguments) {
        if (protectedPaths == null || tool.traits().readOnly()) return null;
        String r;
        try {
            r = tool.traits().resourceOf(arguments);
        } catch (RuntimeException e) {
            return null;
        }
        if (r == null || !r.startsWith("file:")) return null;
        try {
            return protectedPaths.match(Path.of(r.substring(5))).orElse(null);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
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
