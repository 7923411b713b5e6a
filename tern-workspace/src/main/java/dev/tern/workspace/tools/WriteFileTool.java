package dev.tern.workspace.tools;

import dev.tern.workspace.fs.AtomicFiles;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code write_file{path, content}}: creates or replaces a file atomically, creating parent folders. */
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
        Path file = guard.resolve(raw);
        if (Files.isDirectory(file)) throw new ToolException("'" + raw + "' is a directory");
        boolean existed = Files.exists(file);
        long bytes = AtomicFiles.write(file, content);
        return ToolResult.ok((existed ? "Overwrote " : "Created ") + guard.display(file) + " (" + bytes + " bytes)");
    }
}
