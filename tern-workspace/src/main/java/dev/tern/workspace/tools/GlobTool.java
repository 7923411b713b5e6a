package dev.tern.workspace.tools;

import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code glob{pattern, path?}}: the files whose path matches a glob ({@code **}{@code /*.java},
 * {@code src/*.md}, {@code *.txt} in any folder), relative to the searched folder, sorted, bounded.
 * Paths go through the workspace {@link PathGuard} like {@code list_dir}; symlinks are not followed.
 */
public final class GlobTool extends BuiltinTool {

    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"pattern\":{\"type\":\"string\",\"description\":\"Glob, e.g. **/*.java, src/**/*.md, *.txt (a pattern without '/' matches file names in every folder)\"},"
            + "\"path\":{\"type\":\"string\",\"description\":\"Folder to search, relative to the workspace (default: the workspace)\"}},"
            + "\"required\":[\"pattern\"]}";

    /** Files looked at before the search stops (bounds the time on huge trees). */
    static final int MAX_VISITED = 200_000;

    private final PathGuard guard;
    private final int maxResults;

    public GlobTool(PathGuard guard, int maxResults) {
        super("glob", "Find files by glob pattern (e.g. **/*.java); returns paths relative to the searched folder, sorted.",
                SCHEMA, ToolTraits.READ_ONLY);
        this.guard = guard;
        this.maxResults = maxResults;
    }

    @Override
    protected ToolResult run(ToolCallContext call) throws Exception {
        String pattern = required(call, "pattern");
        String raw = call.string("path");
        Path base = FileWalk.base(guard, raw);
        if (!Files.isDirectory(base)) throw new ToolException("'" + raw + "' is a file, not a folder; use read_file or grep");
        PathMatcher m = FileWalk.matcher(pattern);
        List<String> found = new ArrayList<>();
        FileWalk.Stats stats = FileWalk.walk(base, MAX_VISITED, (file, rel) -> {
            if (m.matches(Path.of(rel))) found.add(rel);
            return true;
        });
        if (found.isEmpty()) return ToolResult.ok("no files match " + pattern + (stats.stoppedEarly() ? " (search stopped after "
                + MAX_VISITED + " files)" : ""));
        found.sort(null);
        StringBuilder out = new StringBuilder();
        int shown = Math.min(maxResults, found.size());
        for (int i = 0; i < shown; i++) out.append(found.get(i)).append('\n');
        if (found.size() > shown) out.append("… ").append(found.size() - shown).append(" more (narrow the pattern)\n");
        if (stats.stoppedEarly()) out.append("… search stopped after ").append(MAX_VISITED).append(" files\n");
        return ToolResult.ok(out.toString());
    }
}
