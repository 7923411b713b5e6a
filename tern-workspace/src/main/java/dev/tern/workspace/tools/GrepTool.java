package dev.tern.workspace.tools;

import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code grep{pattern, path?, glob?, ignore_case?, max_results?}}: lines matching a regular expression
 * in the text files under a folder (or in one file), as {@code path:line: text}, bounded in matches, line
 * length and file size; binary and non-UTF-8 files are skipped. Paths go through the workspace
 * {@link PathGuard}; symlinks are not followed.
 */
public final class GrepTool extends BuiltinTool {

    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"pattern\":{\"type\":\"string\",\"description\":\"Regular expression (Java syntax) searched in each line\"},"
            + "\"path\":{\"type\":\"string\",\"description\":\"File or folder to search, relative to the workspace (default: the workspace)\"},"
            + "\"glob\":{\"type\":\"string\",\"description\":\"Only files matching this glob, e.g. *.java or src/**/*.md\"},"
            + "\"ignore_case\":{\"type\":\"boolean\",\"description\":\"Case-insensitive match (default false)\"},"
            + "\"max_results\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"Matching lines returned at most (default 200)\"}},"
            + "\"required\":[\"pattern\"]}";

    static final int DEFAULT_MAX_RESULTS = 200;
    static final int MAX_LINE_CHARS = 300;
    static final long MAX_FILE_BYTES = 5L << 20;

    private final PathGuard guard;
    private final int maxResultsCap;

    public GrepTool(PathGuard guard, int maxResultsCap) {
        super("grep", "Search file contents with a regular expression; returns path:line: text for each matching line.",
                SCHEMA, ToolTraits.READ_ONLY);
        this.guard = guard;
        this.maxResultsCap = maxResultsCap;
    }

    @Override
    protected ToolResult run(ToolCallContext call) throws Exception {
        String regex = required(call, "pattern");
        Pattern p;
        try {
            p = Pattern.compile(regex, call.bool("ignore_case", false) ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (PatternSyntaxException e) {
            throw new ToolException("invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
        int max = Math.max(1, Math.min(maxResultsCap, (int) call.integer("max_results", DEFAULT_MAX_RESULTS)));
        String raw = call.string("path");
        Path base = FileWalk.base(guard, raw);
        String glob = call.string("glob");
        PathMatcher only = glob == null || glob.isBlank() ? null : FileWalk.matcher(glob);
        List<String> hits = new ArrayList<>();
        int[] files = {0};
        boolean[] more = {false};
        if (Files.isRegularFile(base)) {
            search(base, guard.display(base), p, hits, max, more);
        } else {
            FileWalk.walk(base, GlobTool.MAX_VISITED, (file, rel) -> {
                if (only != null && !only.matches(Path.of(rel))) return true;
                files[0]++;
                search(file, rel, p, hits, max, more);
                return !more[0];
            });
        }
        if (hits.isEmpty()) return ToolResult.ok("no matches for /" + regex + "/");
        StringBuilder out = new StringBuilder();
        for (String h : hits) out.append(h).append('\n');
        if (more[0]) out.append("… more matches not shown (limit ").append(max).append("; narrow the pattern, path or glob)\n");
        return ToolResult.ok(out.toString());
    }

    private static void search(Path file, String display, Pattern p, List<String> hits, int max, boolean[] more) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES || binary(file)) return;
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            List<String> found = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
                String line;
                int n = 0;
                Matcher m = p.matcher("");
                while ((line = r.readLine()) != null) {
                    n++;
                    if (!m.reset(line).find()) continue;
                    if (hits.size() + found.size() >= max) {
                        more[0] = true;
                        break;
                    }
                    String text = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line;
                    found.add(display + ":" + n + ": " + text);
                }
            }
            hits.addAll(found);
        } catch (CharacterCodingException e) {
            // not UTF-8 text: skipped like a binary file
        } catch (IOException e) {
            // unreadable: skipped
        }
    }

    private static boolean binary(Path file) throws IOException {
        byte[] head = new byte[8192];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        for (int i = 0; i < n; i++) if (head[i] == 0) return true;
        return false;
    }
}
