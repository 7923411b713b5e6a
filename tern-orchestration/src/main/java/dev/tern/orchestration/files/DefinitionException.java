package dev.tern.orchestration.files;

/** A definition file that cannot be loaded: the line (1-based, 0 = none) and a one-line reason. */
public final class DefinitionException extends RuntimeException {

    private final int line;

    public DefinitionException(int line, String message) {
        super(message);
        this.line = line;
    }

    public int line() { return line; }
}
