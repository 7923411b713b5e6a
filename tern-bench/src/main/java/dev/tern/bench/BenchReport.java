package dev.tern.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What one benchmark measured: rows of (metric, value, target, verdict) plus free notes, rendered
 * as a Markdown section of {@code docs/BENCHMARKS.md}.
 *
 * @param name    the scenario name ({@code tern bench <name>})
 * @param title   a one-line description
 * @param command the command that produced it
 * @param rows    the measured values
 * @param notes   how it was measured, caveats
 */
public record BenchReport(String name, String title, String command, List<Row> rows, List<String> notes) {

    public BenchReport {
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    /** One measured value; {@code pass} is null when there is no target. */
    public record Row(String metric, String value, String target, Boolean pass) { }

    public boolean passed() { return rows.stream().allMatch(r -> r.pass() == null || r.pass()); }

    public String toMarkdown() {
        StringBuilder b = new StringBuilder();
        b.append("### ").append(name).append(": ").append(title).append("\n\n");
        b.append("Measured ").append(LocalDate.now()).append(" on this machine (")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(Machine.cpu()).append(", Java ")
                .append(Runtime.version().feature()).append(") with `").append(command).append("`.\n\n");
        b.append("| metric | value | target | verdict |\n|---|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(r.metric()).append(" | ").append(r.value()).append(" | ")
                    .append(r.target() == null ? "" : r.target()).append(" | ")
                    .append(r.pass() == null ? "" : r.pass() ? "pass" : "**miss**").append(" |\n");
        }
        if (!notes.isEmpty()) {
            b.append('\n');
            for (String n : notes) b.append("- ").append(n).append('\n');
        }
        return b.toString();
    }

    public String toText() {
        StringBuilder b = new StringBuilder(title).append('\n');
        int w = rows.stream().mapToInt(r -> r.metric().length()).max().orElse(10);
        for (Row r : rows) {
            b.append(String.format("  %-" + w + "s  %s", r.metric(), r.value()));
            if (r.target() != null) b.append("   (target ").append(r.target()).append(r.pass() == null ? "" : r.pass() ? ": pass" : ": MISS").append(')');
            b.append('\n');
        }
        for (String n : notes) b.append("  - ").append(n).append('\n');
        return b.toString();
    }

    /** Collects rows while a benchmark runs. */
    public static final class Builder {
        private final String name;
        private final String title;
        private final String command;
        private final List<Row> rows = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        public Builder(String name, String title, String command) {
            this.name = name;
            this.title = title;
            this.command = command;
        }

        public Builder row(String metric, String value) { rows.add(new Row(metric, value, null, null)); return this; }

        public Builder row(String metric, String value, String target, boolean pass) {
            rows.add(new Row(metric, value, target, pass));
            return this;
        }

        public Builder note(String n) { notes.add(n); return this; }

        public BenchReport build() { return new BenchReport(name, title, command, rows, notes); }
    }
}
