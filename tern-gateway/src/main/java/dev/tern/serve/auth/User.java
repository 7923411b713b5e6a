package dev.tern.serve.auth;

/**
 * Who is calling.
 *
 * @param name  the user's name (from the token), or {@code local} when the server has no tokens
 * @param local true for the single user of a server without tokens (bound to loopback): the workspace itself
 */
public record User(String name, boolean local) {

    /** The only user of a server with no tokens. */
    public static final User LOCAL = new User("local", true);
}
