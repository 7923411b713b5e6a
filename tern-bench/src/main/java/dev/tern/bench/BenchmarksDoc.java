package dev.tern.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a report into {@code docs/BENCHMARKS.md} between {@code <!-- bench:NAME -->} and
 * {@code <!-- /bench:NAME -->} markers, replacing the previous run of the same scenario and leaving
 * the rest of the file as it is, except the table of every section's targets ({@link VerdictTable}), rendered again
 * from the sections when the file has one. Written atomically.
 */
public final class BenchmarksDoc {

    private final Path file;

    public BenchmarksDoc(Path file) { this.file = file; }

    public void write(BenchReport report) throws IOException {
        write(report.name(), report.toMarkdown());
    }

    /** Writes {@code markdown} (a report's {@link BenchReport#toMarkdown}) as the section of scenario {@code name}. */
    public void write(String name, String markdown) throws IOException {
        String begin = "<!-- bench:" + name + " -->";
        String end = "<!-- /bench:" + name + " -->";
        String section = begin + "\n" + markdown + end;
        String doc = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
        int a = doc.indexOf(begin);
        int b = doc.indexOf(end);
        if (a >= 0 && b > a) {
            doc = doc.substring(0, a) + section + doc.substring(b + end.length());
        } else {
            doc = doc.stripTrailing() + "\n\n" + section + "\n";
        }
        doc = VerdictTable.refresh(doc);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(tmp, doc, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
