package dev.tern.workspace.tools;

import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code edit_file{path, old_text, new_text}}: replaces the one occurrence of {@code old_text}; refuses
 * (with a hint) when it occurs zero or several times. The rewrite is atomic; the file is read and
 * written through folder handles (see {@link ConfinedFiles}).
 */
public final class EditFileTool extends BuiltinTool {

    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"path\":{\"type\":\"string\",\"description\":\"File path, relative to the workspace\"},"
            + "\"old_text\":{\"type\":\"string\",\"description\":\"Exact text to replace; must occur exactly once\"},"
            + "\"new_text\":{\"type\":\"string\",\"description\":\"Replacement text\"}},"
            + "\"required\":[\"path\",\"old_text\",\"new_text\"]}";

    private final PathGuard guard;

    public EditFileTool(PathGuard guard) {
        super("edit_file", "Edit a file by replacing old_text, which must occur exactly once, with new_text.",
                SCHEMA, ToolTraits.DEFAULT.withResource(args -> FileResources.of(guard, args)));
        this.guard = guard;
    }

    @Override
    protected ToolResult run(ToolCallContext call) throws IOException {
        String raw = required(call, "path");
        String oldText = required(call, "old_text");
        String newText = required(call, "new_text");
        if (oldText.isEmpty()) throw new ToolException("old_text is empty; to create or replace a whole file use write_file");
        Path abs = guard.confined(raw);
        ConfinedFiles files = guard.files();
        byte[] bytes;
        Path file;
        try (ConfinedFiles.OpenFile open = files.openRead(abs)) {
            file = open.path();
            bytes = java.nio.channels.Channels.newInputStream(open.channel()).readAllBytes();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ToolException("file not found: " + raw + " (use write_file to create it)");
        }
        guard.checkNotAliased(raw, abs, file);
        if (ReadFileTool.isBinary(bytes)) throw new ToolException("'" + raw + "' is a binary file; edit_file only edits text");
        String content = new String(bytes, StandardCharsets.UTF_8);
        String find = oldText;
        String replacement = newText;
        int count = occurrences(content, find);
        if (count == 0 && content.contains("\r\n") && !oldText.contains("\r\n")) { // CRLF file, LF arguments
            find = oldText.replace("\n", "\r\n");
            replacement = newText.replace("\n", "\r\n");
            count = occurrences(content, find);
        }
        if (count == 0) {
            String hint = occurrences(squash(content), squash(oldText)) > 0
                    ? "a match exists that differs only in whitespace or indentation; copy the text exactly as read_file shows it"
                    : "read the file first and copy the exact text, including whitespace";
            throw new ToolException("old_text occurs 0 times in " + raw + "; hint: " + hint);
        }
        if (count > 1) {
            throw new ToolException("old_text occurs " + count + " times in " + raw
                    + "; hint: include more surrounding lines so that it matches exactly once");
        }
        int at = content.indexOf(find);
        String updated = content.substring(0, at) + replacement + content.substring(at + find.length());
        files.write(file, updated.getBytes(StandardCharsets.UTF_8));
        int line = 1 + (int) content.substring(0, at).chars().filter(c -> c == '\n').count();
        return ToolResult.ok("Edited " + guard.display(file) + " at line " + line);
    }

    static int occurrences(String text, String part) {
        if (part.isEmpty()) return 0;
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) n++;
        return n;
    }

    private static String squash(String s) { return s.replaceAll("\\s+", " ").strip(); }
}
