package dev.tern.memory.store;

/** A memory store could not read or persist something; the message is one line for the user. */
public final class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
