package dev.tern.mcp;

/**
 * A call could not be completed by the MCP server: it failed to start, the session broke, the call
 * timed out, or the server rejected the request. The message is one line, fit for the model.
 */
public final class McpUnavailableException extends Exception {

    private final boolean sessionDropped;

    McpUnavailableException(String message, boolean sessionDropped) {
        super(message);
        this.sessionDropped = sessionDropped;
    }

    /** True when the session was dropped and the next call starts a new one. */
    public boolean sessionDropped() { return sessionDropped; }
}
