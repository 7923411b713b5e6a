package dev.tern.workspace.tools;

import dev.tern.model.ToolSpec;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Base of the built-in tools: a fixed spec and traits (computed once), and one place that turns
 * refusals and I/O failures into one-line error results the model can act on.
 */
public abstract class BuiltinTool implements Tool {

    private final ToolSpec spec;
    private final ToolTraits traits;

    protected BuiltinTool(String name, String description, String schemaJson, ToolTraits traits) {
        this.spec = new ToolSpec(name, description, schemaJson);
        this.traits = traits;
    }

    @Override
    public final ToolSpec spec() { return spec; }

    @Override
    public final ToolTraits traits() { return traits; }

    @Override
    public final ToolResult execute(ToolCallContext call) throws Exception {
        try {
            return run(call);
        } catch (ToolException e) {
            return ToolResult.error(e.getMessage());
        } catch (NoSuchFileException e) {
            return ToolResult.error("not found: " + e.getFile());
        } catch (NotDirectoryException e) {
            return ToolResult.error("not a directory: " + e.getFile());
        } catch (AccessDeniedException e) {
            return ToolResult.error("access denied: " + e.getFile());
        } catch (FileSystemException e) {
            return ToolResult.error(name() + " failed: " + e.getMessage());
        } catch (IOException e) {
            return ToolResult.error(name() + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Runs the call; throw {@link ToolException} for a refusal the model should read. */
    protected abstract ToolResult run(ToolCallContext call) throws Exception;

    /** A required string argument, or a clear refusal. */
    protected static String required(ToolCallContext call, String name) {
        String v = call.string(name);
        if (v == null) throw new ToolException("missing required argument '" + name + "'");
        return v;
    }
}
