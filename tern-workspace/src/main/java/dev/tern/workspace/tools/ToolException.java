package dev.tern.workspace.tools;

/**
 * A built-in tool refused or failed a call for a reason the model can act on. The message is one
 * clear line; {@link BuiltinTool} turns it into an error result.
 */
public final class ToolException extends RuntimeException {

    public ToolException(String message) {
        super(message, null, false, false);
    }
}
