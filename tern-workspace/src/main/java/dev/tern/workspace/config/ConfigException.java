package dev.tern.workspace.config;

/** A configuration file that cannot be used; the message is one line naming the file and, for syntax errors, line and column. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) { super(message); }

    public ConfigException(String message, Throwable cause) { super(message, cause); }
}
