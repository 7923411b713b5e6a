package dev.tern.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CentralRunTest {

    private static String section(String exec, String added, String count) {
        return "### sandbox: exec\n\nMeasured 2026-12-04 on this machine.\n\n| metric | value | target | verdict |\n|---|---|---|---|\n"
                + "| exec (median) | " + exec + " |  |  |\n| added per command | " + added + " | ≤ 30 ms | pass |\n"
                + "| commands | " + count + " |  |  |\n\n- a note\n";
    }

    @Test
    void theRunClosestToTheOthersIsChosenAndTheRowsWhereTheyDifferAreNamed() {
        // run 1 was taken in a slow stretch of the host: every time 1.25 x; runs 2 and 3 agree
        List<String> runs = List.of(section("5.0 ms", "6.1 ms", "50"), section("4.0 ms", "4.9 ms", "50"), section("4.2 ms", "5.0 ms", "50"));

        CentralRun c = CentralRun.of(runs);

        assertThat(c.index()).isIn(1, 2);
        assertThat(c.note()).startsWith("written from the central one of 3 runs of this scenario")
                .contains("exec (median) ").contains("added per command ").doesNotContain("commands ");
        String written = c.appendTo(runs.get(c.index()));
        assertThat(written).endsWith("- a note\n- " + c.note() + "\n");
        // the note is not a row: a comparison reads the same rows as before
        assertThat(BenchComparison.rows(written)).isEqualTo(BenchComparison.rows(runs.get(c.index())));
    }

    @Test
    void runsThatAgreeSaySo() {
        List<String> runs = List.of(section("4.0 ms", "4.9 ms", "50"), section("4.1 ms", "5.0 ms", "50"), section("4.2 ms", "5.1 ms", "50"));

        CentralRun c = CentralRun.of(runs);

        assertThat(c.index()).isEqualTo(1);
        assertThat(c.note()).endsWith("every figure of the other runs within ±15 % of it");
    }

    @Test
    void aFigureOfZeroInTheCentralRunIsNamedBesideTheOtherRunsFiguresNotAsARatio() {
        // a difference of two close figures (the gateway's added latency) can be zero in one run
        List<String> runs = List.of(section("4.0 ms", "3.6 ms", "50"), section("4.0 ms", "-0.0 ms", "50"), section("4.0 ms", "0.0 ms", "50"));

        CentralRun c = CentralRun.of(runs);

        assertThat(c.index()).isEqualTo(1);
        assertThat(c.note()).contains("added per command (3.6 against -0.0)").doesNotContain("new");
    }

    @Test
    void aSectionWithoutNotesGetsItsNoteAfterAnEmptyLine() {
        String bare = "| metric | value | target | verdict |\n|---|---|---|---|\n| x | 1 ms |  |  |\n";
        CentralRun c = CentralRun.of(List.of(bare, bare));
        assertThat(c.appendTo(bare)).isEqualTo(bare + "\n- " + c.note() + "\n");
    }

    @Test
    void oneRunIsNotEnough() {
        assertThatThrownBy(() -> CentralRun.of(List.of(section("1 ms", "1 ms", "1")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least two runs");
    }
}
