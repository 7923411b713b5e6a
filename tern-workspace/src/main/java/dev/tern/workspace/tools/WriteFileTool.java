package dev.tern.workspace.tools;

import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code write_file{path, content}}: creates or replaces a file atomically, creating parent folders.
 * Race-free: written through folder handles (see {@link ConfinedFiles}).
 */
public final class WriteFileTool extends BuiltinTool {

    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"path\":{\"type\":\"string\",\"description\":\"File path, relative to the workspace\"},"
            + "\"content\":{\"type\":\"string\",\"description\":\"The complete new content of the file\"}},"
            + "\"required\":[\"path\",\"content\"]}";

    private final PathGuard guard;

    public WriteFileTool(PathGuard guard) {
        super("write_file", "Create or overwrite a file with the given content (parent folders are created).",
                SCHEMA, ToolTraits.DEFAULT.withResource(args -> FileResources.of(guard, args)));
        this.guard = guard;
    }

    @Override
    protected ToolResult run(ToolCallContext call) throws IOException {
        String raw = required(call, "path");
        String content = required(call, "content");
        Path abs = guard.confined(raw);
        ConfinedFiles files = guard.files();
        Path real = files.real(abs);
        guard.checkNotAliased(raw, abs, real);
        var attrs = files.stat(real);
        if (attrs != null && attrs.isDirectory()) throw new ToolException("'" + raw + "' is a directory");
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Path written = files.write(real, bytes);
        return ToolResult.ok((attrs != null ? "Overwrote " : "Created ") + guard.display(written) + " (" + bytes.length + " bytes)");
    }
}
