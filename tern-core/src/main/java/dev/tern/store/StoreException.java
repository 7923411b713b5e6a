package dev.tern.store;

/**
 * A store could not read or persist something (a full or read-only disk, a broken file, a server
 * that went away). The message is one line naming what could not be done and why; callers report it,
 * they never swallow it.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) { super(message, cause); }

    public StoreException(String message) { super(message); }
}
