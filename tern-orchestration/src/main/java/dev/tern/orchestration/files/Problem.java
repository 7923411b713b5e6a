package dev.tern.orchestration.files;

import java.nio.file.Path;

/**
 * A definition file that could not be loaded, or a remark about one that did (an unknown tool name).
 *
 * @param file    the file
 * @param line    1-based line of the cause, 0 when it is not tied to a line
 * @param message one line
 * @param fatal   true when the file was not loaded
 */
public record Problem(Path file, int line, String message, boolean fatal) {

    /** {@code path:line: message}, as compilers print it. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
