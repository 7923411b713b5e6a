package dev.tern.runtime;

/** A problem the user must fix (config, key, workspace): one line; the CLI exits with code 3. */
public final class SetupException extends RuntimeException {
    public SetupException(String message) { super(message); }

    public SetupException(String message, Throwable cause) { super(message, cause); }
}
