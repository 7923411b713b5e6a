package dev.tern.workspace.tools;

import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code list_dir{path}}: the entries of a folder, sorted by name, folders marked with "/", bounded. */
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
        Path dir = guard.resolve(raw);
        if (!Files.exists(dir)) throw new ToolException("folder not found: " + raw);
        if (!Files.isDirectory(dir)) throw new ToolException("'" + raw + "' is a file, not a folder; use read_file");
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (Files.isSymbolicLink(p)) name += Files.isDirectory(p) ? "/@" : "@";
                else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) name += "/";
                names.add(name);
            }
        }
        if (names.isEmpty()) return ToolResult.ok("(empty folder)");
        names.sort(null);
        StringBuilder out = new StringBuilder();
        int shown = Math.min(maxEntries, names.size());
        for (int i = 0; i < shown; i++) out.append(names.get(i)).append('\n');
        if (names.size() > shown) out.append("… ").append(names.size() - shown).append(" more\n");
        return ToolResult.ok(out.toString());
    }
}
