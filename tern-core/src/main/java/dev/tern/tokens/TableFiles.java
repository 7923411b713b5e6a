package dev.tern.tokens;

import dev.tern.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reading the JSON tables keyed by model (the bundled resource, then the user's override file). */
public final class TableFiles {

    private TableFiles() { }

    /** A bundled classpath resource; its absence is a packaging bug. */
    public static JsonNode resource(String name) {
        try (InputStream in = TableFiles.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A user file.
     *
     * @param what what the file is, for the error ("price table")
     * @throws IllegalArgumentException naming the file and the reason when it is unreadable or not JSON
     */
    public static JsonNode file(Path file, String what) {
        try {
            return Json.parse(Files.readString(file));
        } catch (IOException | JacksonException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
