package dev.tern.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerdictTableTest {

    private static final String DOC = """
            # Benchmarks

            ## Where the targets stand

            <!-- bench-verdicts -->
            stale text that the writer replaces
            <!-- /bench-verdicts -->

            | a hand-written | table | with | pass |
            |---|---|---|---|
            | that is not | a section | x | **miss** |
            """;

    private static BenchReport overhead(String early, boolean earlyMet) {
        return new BenchReport.Builder("overhead", "whole-process CPU", "tern bench overhead")
                .row("socket: CPU after 5 warm-up round trips", early, "≤ 2.0 ms", earlyMet)
                .row("socket: CPU at steady state", "0.199 ms", "≤ 1.0 ms", true)
                .row("socket: wall time", "0.860 ms")
                .note("a note with | a pipe | pass |")
                .build();
    }

    @Test
    void writingASectionRendersTheTargetsOfEverySectionAtTheTop(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("BENCHMARKS.md");
        Files.writeString(file, DOC);
        BenchmarksDoc doc = new BenchmarksDoc(file);
        doc.write(overhead("2.88 ms (min 2.44, max 3.92, n 11)", false));
        doc.write(new BenchReport.Builder("fanout", "4 calls", "tern bench fanout")
                .row("wall / (250 ms + model time)", "1.010", "≤ 1.05", true)
                .row("results in call order", "true", "true", true).build());
        doc.write(new BenchReport.Builder("tracker", "heap", "tern bench tracker").row("heap", "2 MiB").build());

        String text = Files.readString(file);
        String table = text.substring(text.indexOf(VerdictTable.BEGIN), text.indexOf(VerdictTable.END));
        assertThat(table).doesNotContain("stale text")
                .contains("| `overhead` | " + LocalDate.now() + " | 1 of 2 | socket: CPU after 5 warm-up round trips: "
                        + "2.88 ms (min 2.44, max 3.92, n 11); ≤ 2.0 ms |")
                .contains("| `fanout` | " + LocalDate.now() + " | 2 of 2 |  |")
                .doesNotContain("tracker")                 // no row with a target: nothing to say
                .doesNotContain("a hand-written")          // only the sections count, not tables elsewhere
                .contains("3 of 4 rows with a target met, in 2 sections.");
        // the rest of the file is the writer's as before: the hand-written table is still there, once
        assertThat(text).contains("| that is not | a section | x | **miss** |");

        doc.write(overhead("1.48 ms", true));   // the scenario measured again: the table follows
        String again = Files.readString(file);
        assertThat(again).contains("| `overhead` | " + LocalDate.now() + " | 2 of 2 |  |")
                .contains("4 of 4 rows with a target met, in 2 sections.")
                .containsOnlyOnce(VerdictTable.BEGIN).containsOnlyOnce(VerdictTable.END);
    }

    @Test
    void aMetricWithAPipeOfItsOwnKeepsItAndRowsAfterTheTableAreNotCounted() {
        String body = """
                ### x: y

                Measured 2026-12-07 on this machine (2 cores, cpu, Java 25) with `tern bench x`.

                | metric | value | target | verdict |
                |---|---|---|---|
                | json \\| csv export | 3 ms | ≤ 5 ms | pass |
                | answer | echo |  |  |

                | run | p50 | p99 | pass |
                """;
        assertThat(VerdictTable.verdicts(body)).containsExactly(new VerdictTable.Verdict("json \\| csv export", "3 ms", "≤ 5 ms", true));
        String doc = "<!-- bench:x -->\n" + body + "<!-- /bench:x -->\n";
        assertThat(VerdictTable.sections(doc)).singleElement().satisfies(s -> {
            assertThat(s.scenario()).isEqualTo("x");
            assertThat(s.measured()).isEqualTo("2026-12-07");
        });
    }

    @Test
    void aDocumentWithoutTheRegionIsLeftAsItIs() {
        String doc = "# Benchmarks\n\n<!-- bench:x -->\n| metric | value | target | verdict |\n|---|---|---|---|\n| a | 1 | 2 | pass |\n<!-- /bench:x -->\n";
        assertThat(VerdictTable.refresh(doc)).isEqualTo(doc);
        assertThat(VerdictTable.render("# nothing measured")).isEqualTo("No section has a row with a target yet.\n");
    }
}
