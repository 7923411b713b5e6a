package dev.tern.tool.schema;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;

/** Value types that travel as JSON strings, and their JSON Schema {@code format} ("" for none). */
public final class StringFormats {

    private static final Map<Class<?>, String> FORMATS = Map.ofEntries(
            Map.entry(Path.class, ""), Map.entry(File.class, ""),
            Map.entry(URI.class, "uri"), Map.entry(URL.class, "uri"),
            Map.entry(UUID.class, "uuid"),
            Map.entry(Instant.class, "date-time"), Map.entry(OffsetDateTime.class, "date-time"),
            Map.entry(ZonedDateTime.class, "date-time"), Map.entry(LocalDateTime.class, ""),
            Map.entry(LocalDate.class, "date"), Map.entry(LocalTime.class, "time"),
            Map.entry(Duration.class, "duration"));

    private StringFormats() { }

    /** The format of a string-valued type, "" when it has none, or null when the type is not one. */
    public static String of(Class<?> c) {
        if (Path.class.isAssignableFrom(c)) return "";
        return FORMATS.get(c);
    }
}
