package dev.tern.tokens;

/** One {@link Tokenizers} for the tests of this JVM, so each BPE vocabulary loads once. */
public final class SharedTokenizers {

    public static final Tokenizers EXACT = new Tokenizers();

    private SharedTokenizers() { }
}
