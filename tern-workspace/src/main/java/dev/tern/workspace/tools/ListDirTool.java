package dev.tern.workspace.tools;

import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code list_dir{path}}: the entries of a folder, sorted by name, folders marked with "/", symlinks
 * with "@", bounded. Race-free: the folder is opened through folder handles (see {@link ConfinedFiles}).
 */
public final class ListDirTool extends BuiltinTool {

    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"path\":{\"type\":\"string\",\"description\":\"Folder path, relative to the workspace (\\\".\\\" for the workspace)\"}},"
            + "\"required\":[\"path\"]}";

    private final PathGuard guard;
    private final int maxEntries;

    public ListDirTool(PathGuard guard, int maxEntries) {
        super("list_dir", "List a folder's entries, sorted; folders end with '/', symlinks with '@'.", SCHEMA,
                ToolTraits.READ_ONLY);
        this.guard = guard;
        this.maxEntries = maxEntries;
    }

    @Override
    protected ToolResult run(ToolCallContext call) throws IOException {
        String raw = required(call, "path");
        Path dir = guard.confined(raw);
        List<ConfinedFiles.Entry> entries;
        try {
            entries = guard.files().list(dir);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ToolException("folder not found: " + raw);
        } catch (java.nio.file.NotDirectoryException e) {
            throw new ToolException("'" + raw + "' is a file, not a folder; use read_file");
        }
        List<String> names = new ArrayList<>();
        for (ConfinedFiles.Entry e : entries) names.add(e.name() + (e.symlink() ? "@" : e.directory() ? "/" : ""));
        if (names.isEmpty()) return ToolResult.ok("(empty folder)");
        names.sort(null);
        StringBuilder out = new StringBuilder();
        int shown = Math.min(maxEntries, names.size());
        for (int i = 0; i < shown; i++) out.append(names.get(i)).append('\n');
        if (names.size() > shown) out.append("… ").append(names.size() - shown).append(" more\n");
        return ToolResult.ok(out.toString());
    }
}
