package dev.tern.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchComparisonTest {

    private static BenchReport run(String cpu, String wall, String ratio, String probe) {
        return new BenchReport.Builder("overhead", "whole-process CPU", "tern bench overhead")
                .row("socket: client process CPU per round trip", cpu, "≤ 1.0 ms", true)
                .row("socket: wall time per round trip", wall)
                .row("socket / floor: client CPU per round trip, same round", ratio, "≤ 0.50", true)
                .row("answer", "echo: yes")
                .note("core speed: a fixed probe took " + probe + " ms (min 1, max 2, n 5) of thread CPU around the measured batches")
                .build();
    }

    /** The document as {@code --write-docs} writes it: the comparison reads what the writer wrote, through a real file. */
    private static String documented(BenchReport first, Path dir) throws IOException {
        Path doc = dir.resolve("BENCHMARKS.md");
        Files.writeString(doc, "# Benchmarks\n\nprose with | pipes | that is not a table row\n");
        new BenchmarksDoc(doc).write(first);
        new BenchmarksDoc(doc).write(new BenchReport.Builder("fanout", "other", "tern bench fanout").row("socket: wall time per round trip", "9 ms").build());
        return Files.readString(doc);
    }

    @Test
    void eachFigureIsARatioToTheSameRowOfTheDocumentedSection(@TempDir Path dir) throws IOException {
        String doc = documented(run("0.200 ms (min 0.1, max 0.3, n 5)", "0.700 ms (min 0.6, max 0.9, n 5); 1.40 ms", "0.20 (min 0.19, max 0.25, n 5)", "60.0"), dir);
        // the second run: cores 25 % slower (the probe too), the ratio to the floor unchanged
        BenchComparison c = BenchComparison.of(run("0.250 ms (min 0.2, max 0.3, n 5)", "0.770 ms; 1.26 ms", "0.21 (min 0.2, max 0.3, n 5)", "75.0"), doc);

        assertThat(c.lines()).extracting(BenchComparison.Line::metric).containsExactly("socket: client process CPU per round trip",
                "socket: wall time per round trip", "socket / floor: client CPU per round trip, same round");
        BenchComparison.Line cpu = c.lines().get(0);
        assertThat(cpu.ratios()).singleElement().satisfies(r -> assertThat(r).isCloseTo(1.25, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(cpu.scaled()).singleElement().satisfies(r -> assertThat(r).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(cpu.within(BenchComparison.TOLERANCE, false)).isFalse();
        assertThat(cpu.within(BenchComparison.TOLERANCE, true)).isTrue();
        BenchComparison.Line wall = c.lines().get(1);
        assertThat(wall.ratios()).hasSize(2);
        assertThat(wall.scaled()).isEmpty(); // not a CPU row: the probe says nothing about it
        assertThat(wall.within(BenchComparison.TOLERANCE, true)).isTrue();
        assertThat(c.lines().get(2).ratioRow()).isTrue();
        assertThat(c.summary()).isEqualTo("2 of 3 rows within ±15 %; ratio rows 1 of 1; CPU rows 0 of 1, 1 scaled by the core-speed probe");
        assertThat(c.toText()).contains("measured " + java.time.LocalDate.now()).contains("outside, within when scaled").doesNotContain("9 ms");
    }

    @Test
    void aRunKeptAsAMarkdownSectionIsComparedAsItsReportWouldBe(@TempDir Path dir) throws IOException {
        // tern bench --runs N --compare sets the central run, kept as the section it would write, beside the documented one
        String doc = documented(run("0.200 ms (min 0.1, max 0.3, n 5)", "0.700 ms; 1.40 ms", "0.20", "60.0"), dir);
        BenchReport second = run("0.250 ms (min 0.2, max 0.3, n 5)", "0.770 ms; 1.26 ms", "0.21 (min 0.2, max 0.3, n 5)", "75.0");

        BenchComparison fromSection = BenchComparison.ofSection("overhead", second.toMarkdown(), doc);

        BenchComparison fromReport = BenchComparison.of(second, doc);
        assertThat(fromSection.lines()).hasSize(3).isEqualTo(fromReport.lines());
        assertThat(fromSection.summary()).isEqualTo(fromReport.summary())
                .isEqualTo("2 of 3 rows within ±15 %; ratio rows 1 of 1; CPU rows 0 of 1, 1 scaled by the core-speed probe");
        assertThatThrownBy(() -> BenchComparison.ofSection("tracker", second.toMarkdown(), doc))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no section for 'tracker'");
    }

    @Test
    void theHeaderSaysHowBothProbesMovedBetweenTheRuns(@TempDir Path dir) throws IOException {
        String memory = "memory speed: 400000 dependent reads over 64 MiB took %s ms (min 1, max 2, n 5) of thread CPU around the measured batches";
        BenchReport first = new BenchReport.Builder("overhead", "t", "c").row("socket: wall time per round trip", "1.00 ms")
                .note("core speed: a fixed probe took 60.0 ms (min 1, max 2, n 5) of thread CPU").note(memory.formatted("80.0")).build();
        String doc = documented(first, dir);
        BenchReport second = new BenchReport.Builder("overhead", "t", "c").row("socket: wall time per round trip", "1.30 ms")
                .note("core speed: a fixed probe took 61.2 ms (min 1, max 2, n 5) of thread CPU").note(memory.formatted("96.0")).build();

        assertThat(BenchComparison.of(second, doc).toText())
                .contains("  the machine, now / documented (above 1: slower now): core-speed probe 1.02, memory probe 1.20\n");
        assertThat(BenchComparison.of(run("0.2 ms", "0.7 ms", "0.2", "60"), doc).toText())
                .contains("core-speed probe 1.00\n").doesNotContain("memory probe");
    }

    @Test
    void rowsTheDocumentDoesNotHaveAreListedNotCompared(@TempDir Path dir) throws IOException {
        String doc = documented(run("0.2 ms", "0.7 ms", "0.2", "60"), dir);
        BenchReport now = new BenchReport.Builder("overhead", "t", "c").row("socket: client process CPU per round trip", "0 ms")
                .row("h2c: wall time per round trip", "1 ms").build();

        BenchComparison c = BenchComparison.of(now, doc);

        assertThat(c.missing()).containsExactly("h2c: wall time per round trip");
        assertThat(c.lines()).singleElement().satisfies(l -> assertThat(l.ratios()).containsExactly(0.0));
        assertThat(c.toText()).contains("not in the documented section: h2c: wall time per round trip");
    }

    @Test
    void aScenarioTheDocumentLacksIsAClearError() {
        assertThatThrownBy(() -> BenchComparison.of(run("1 ms", "1 ms", "1", "1"), "# Benchmarks\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the benchmarks document has no section for 'overhead' to compare with");
    }

    @Test
    void figuresAreTheFirstNumberOfEachPart() {
        assertThat(BenchComparison.figures("1.57 ms (min 1.36, max 1.67, n 5); 0.85 ms (min 0.73)")).containsExactly("1.57", "0.85");
        assertThat(BenchComparison.figures("true")).isEmpty();
        assertThat(BenchComparison.figures("0; 617 MiB")).containsExactly("0", "617");
        assertThat(BenchComparison.figures("-3.5 %")).isEqualTo(List.of("-3.5"));
        // a ; inside parentheses separates one figure's details (the gateway's rounds), not two figures
        assertThat(BenchComparison.figures("0.160 ms (710 µs − 550 µs; rounds 0.09, 0.20 ms)")).containsExactly("0.160");
        assertThat(BenchComparison.figures("41 µs (min 38, max 50, n 6); 1 % (min 0, max 24, n 6)")).containsExactly("41", "1");
        assertThat(BenchComparison.shares("8.6 ms (2032.8 ms vs 2024.2 ms; rounds 10.83 %)")).containsExactly(false);
        assertThat(BenchComparison.unit("27")).isEqualTo(1.0);
        assertThat(BenchComparison.unit("0.38")).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void figuresOneUnitOfTheirLastDigitApartAreTheSameMeasurement(@TempDir Path dir) throws IOException {
        String doc = documented(new BenchReport.Builder("overhead", "t", "c").row("socket: JIT CPU in the batch", "0 ms (min 0, max 5, n 5)")
                .row("socket: GC time in the batch", "9 ms").build(), dir);
        BenchComparison c = BenchComparison.of(new BenchReport.Builder("overhead", "t", "c").row("socket: JIT CPU in the batch", "1 ms")
                .row("socket: GC time in the batch", "27 ms").build(), doc);

        assertThat(c.lines()).extracting(l -> l.within(BenchComparison.TOLERANCE, false)).containsExactly(true, false);
    }

    @Test
    void severalScenariosAreCountedInOneLine(@TempDir Path dir) throws IOException {
        String doc = documented(run("0.200 ms", "0.700 ms", "0.20", "60.0"), dir);
        BenchComparison overhead = BenchComparison.of(run("0.250 ms", "0.710 ms", "0.21", "60.0"), doc);
        BenchComparison fanout = BenchComparison.of(new BenchReport.Builder("fanout", "other", "tern bench fanout")
                .row("socket: wall time per round trip", "9 ms").build(), doc);

        assertThat(BenchComparison.total(List.of(overhead.count(), fanout.count())))
                .isEqualTo("2 scenarios: 3 of 4 rows within ±15 %; ratio rows 1 of 1; not every row inside: overhead 2/3");
        assertThat(BenchComparison.total(List.of(fanout.count()))).endsWith("every scenario's rows inside");
        // a scenario run in a JVM of its own is counted from the summary line it printed
        assertThat(ScenarioFork.count("overhead", overhead.toText().lines().toList())).isEqualTo(overhead.count());
        assertThat(ScenarioFork.count("fanout", List.of("fanout: no comparison printed"))).isNull();
    }

    @Test
    void anIndentedSubRowIsComparedThoughItsMarkdownCellLostTheIndent(@TempDir Path dir) throws IOException {
        String doc = documented(new BenchReport.Builder("routing", "t", "c").row("route, warm", "p50 2.35 ms")
                .row("  of which paraphrased tasks", "p50 3.02 ms").build(), dir);
        BenchComparison c = BenchComparison.of(new BenchReport.Builder("routing", "t", "c").row("route, warm", "p50 2.40 ms")
                .row("  of which paraphrased tasks", "p50 3.10 ms").build(), doc);

        assertThat(c.missing()).isEmpty();
        assertThat(c.lines()).extracting(BenchComparison.Line::documented).containsExactly("p50 2.35 ms", "p50 3.02 ms");
    }

    @Test
    void aMetricPrintedTwiceIsPairedByOccurrence(@TempDir Path dir) throws IOException {
        String doc = documented(new BenchReport.Builder("tokenizer", "t", "c").row("tern: load", "60 ms").row("jtokkit: the same", "277 ms")
                .row("tern: counting per MB", "38.0 ms").row("jtokkit: the same", "43.1 ms").build(), dir);
        BenchComparison c = BenchComparison.of(new BenchReport.Builder("tokenizer", "t", "c").row("tern: load", "62 ms")
                .row("jtokkit: the same", "280 ms").row("tern: counting per MB", "37.5 ms").row("jtokkit: the same", "44.0 ms")
                .row("jtokkit: the same", "9 ms").build(), doc);

        // the second "jtokkit: the same" is the counting figure (44.0 / 43.1), not the load (44.0 / 277); a third has no pair
        assertThat(c.lines()).extracting(BenchComparison.Line::documented).containsExactly("60 ms", "277 ms", "38.0 ms", "43.1 ms");
        assertThat(c.lines()).allSatisfy(l -> assertThat(l.within(BenchComparison.TOLERANCE, false)).isTrue());
        assertThat(c.missing()).containsExactly("jtokkit: the same");
    }

    @Test
    void sharesAreComparedInPercentagePoints(@TempDir Path dir) throws IOException {
        String doc = documented(new BenchReport.Builder("overhead", "t", "c")
                .row("socket: CPU per call without the JIT threads; their share of the batch's CPU", "56 µs (min 51, max 64, n 5); 0 % (min 0, max 33, n 5)")
                .row("socket: JIT share, a second batch", "0 %")
                .row("socket: cache reads of the input tokens", "92 %")
                .row("socket: JIT share, a third batch", "1 %").build(), dir);
        BenchComparison c = BenchComparison.of(new BenchReport.Builder("overhead", "t", "c")
                .row("socket: CPU per call without the JIT threads; their share of the batch's CPU", "58 µs (min 50, max 70, n 6); 4 % (min 0, max 9, n 6)")
                .row("socket: JIT share, a second batch", "6 %")
                .row("socket: cache reads of the input tokens", "80 %")
                .row("socket: JIT share, a third batch", "3 ms").build(), doc);

        assertThat(BenchComparison.shares("56 µs (min 51); 0 % (min 0, max 33)")).containsExactly(false, true);
        assertThat(BenchComparison.shares("12%; 0.5 ms (n 3)")).containsExactly(true, false);
        // 0 -> 4 points: the same quiet compiler; 0 -> 6 points: not; 92 -> 80: -13 %, within; a share against a
        // figure that is not one is compared as a ratio
        assertThat(c.lines()).extracting(l -> l.within(BenchComparison.TOLERANCE, false)).containsExactly(true, false, true, false);
        assertThat(c.toText()).contains("±5 points for a share");
    }

    @Test
    void aRatioRowNamesTwoCandidatesAndHoldsABareNumber() {
        assertThat(BenchComparison.isRatio("10000 tasks, socket / floor, same round: warm batch wall time", "0.23 (min 0.19, max 0.33, n 6)")).isTrue();
        assertThat(BenchComparison.isRatio("10000 tasks: warm wall time, jdk / socket", "6.33")).isTrue();
        assertThat(BenchComparison.isRatio("workflow speed-up over the naive flow", "2.81×")).isTrue();
        assertThat(BenchComparison.isRatio("workflow speed-up over the naive flow", "2.81x")).isTrue();
        assertThat(BenchComparison.isRatio("socket: client GC time inside the batch, cold / warm", "226 ms (min 96) / 182 ms")).isFalse();
        assertThat(BenchComparison.isRatio("socket: CPU per model call (warm), client / simulator", "64 µs (min 63) / 69 µs")).isFalse();
        assertThat(BenchComparison.isRatio("socket: warm batch wall time", "992 ms")).isFalse();
    }

    @Test
    void aSectionFromAnotherProcessorIsSaidSoAndScalesNothing(@TempDir Path dir) throws IOException {
        String doc = documented(run("0.200 ms", "0.700 ms", "0.20", "60.0"), dir);
        assertThat(doc).contains("cores, " + Machine.cpu() + ", Java ");
        BenchReport now = run("0.120 ms", "0.500 ms", "0.21", "15.0");

        BenchComparison same = BenchComparison.of(now, doc, Machine.cpu());
        BenchComparison other = BenchComparison.of(now, doc, "Other CPU family 6 model 85");

        // the same processor: a probe 4 x faster is what it is, and scales the CPU row
        assertThat(same.anotherCpu()).isNull();
        assertThat(same.lines().get(0).scaled()).isNotEmpty();
        assertThat(other.anotherCpu()).isEqualTo("documented on " + Machine.cpu() + ", this run on Other CPU family 6 model 85");
        assertThat(other.lines().get(0).scaled()).isEmpty();
        assertThat(other.lines().get(2).within(BenchComparison.TOLERANCE, false)).isTrue();
        assertThat(other.summary()).isEqualTo("1 of 3 rows within ±15 %; ratio rows 1 of 1; documented on another processor");
        assertThat(other.toText()).contains("another processor: documented on ").contains("the ratio rows are what carries over");
    }

    @Test
    void aSectionThatNamesNoProcessorIsJudgedByItsProbe() {
        String old = "<!-- bench:overhead -->\n### overhead: t\n\nMeasured 2026-12-04 on this machine (2 cores, Java 25) with `c`.\n\n"
                + "| metric | value | target | verdict |\n|---|---|---|---|\n| socket: client process CPU per round trip | 0.200 ms |  |  |\n\n"
                + "- core speed: a fixed probe took 54.8 ms (min 52, max 60, n 9) of thread CPU around the measured batches\n"
                + "<!-- /bench:overhead -->\n";

        BenchComparison slower = BenchComparison.of(run("0.250 ms", "1 ms", "0.2", "80.0"), old, "AMD EPYC family 25 model 17");
        BenchComparison faster = BenchComparison.of(run("0.150 ms", "1 ms", "0.2", "14.8"), old, "AMD EPYC family 25 model 17");

        assertThat(slower.anotherCpu()).isNull(); // 0.69 x: one processor in a slow stretch
        assertThat(slower.lines().get(0).scaled()).isNotEmpty();
        assertThat(faster.anotherCpu()).isEqualTo("the core-speed probe ran 3.70 x as fast as in the documented run, which names no"
                + " processor; most likely another one (this run: AMD EPYC family 25 model 17)");
        assertThat(faster.lines().get(0).scaled()).isEmpty();
    }

    @Test
    void aProcessorNameWithCommasAndParenthesesIsReadBack(@TempDir Path dir) throws IOException {
        String doc = documented(run("0.2 ms", "0.7 ms", "0.2", "60"), dir).replace(Machine.cpu(), "Intel(R) Xeon(R), 2 sockets");
        assertThat(BenchComparison.of(run("0.2 ms", "0.7 ms", "0.2", "60"), doc, "Intel(R) Xeon(R), 2 sockets").anotherCpu()).isNull();
    }

    @Test
    void theProcessorIsNamedAsTheKernelDoes() {
        List<String> cpuinfo = List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 25", "model\t\t: 17",
                "model name\t: AMD EPYC", "stepping\t: 1", "processor\t: 1", "model name\t: AMD EPYC");
        assertThat(Machine.cpu(cpuinfo)).isEqualTo("AMD EPYC family 25 model 17");
        assertThat(Machine.cpu(List.of("model name : Intel(R) Xeon(R) CPU  @ 2.20GHz"))).isEqualTo("Intel(R) Xeon(R) CPU @ 2.20GHz");
        assertThat(Machine.cpu(List.of())).isEqualTo(System.getProperty("os.arch"));
    }

    @Test
    void aDifferenceOutsideFifteenPercentButInsideItsDocumentedIntervalIsSaidSoAndStillCountedOutside(@TempDir Path dir) throws IOException {
        BenchReport first = new BenchReport.Builder("gateway", "t", "c")
                .row("added latency p99", "5.2 ms (" + BenchComparison.INTERVAL + " -0.36 to 10.23 ms; 2036.6 ms vs 2031.4 ms)", "≤ 20 ms", true)
                .row("added latency p50", "8.7 ms (" + BenchComparison.INTERVAL + " 1.00 to 12.00 ms)").build();
        String doc = documented(first, dir);
        BenchReport second = new BenchReport.Builder("gateway", "t", "c")
                .row("added latency p99", "9.5 ms (" + BenchComparison.INTERVAL + " 2.00 to 14.00 ms; 2040.0 ms vs 2030.5 ms)", "≤ 20 ms", true)
                .row("added latency p50", "14.1 ms (" + BenchComparison.INTERVAL + " 5.00 to 20.00 ms)").build();

        BenchComparison c = BenchComparison.of(second, doc);

        assertThat(c.lines().get(0).insideDocumentedInterval()).isTrue();
        assertThat(c.lines().get(1).insideDocumentedInterval()).isFalse();
        assertThat(c.count().ok()).isZero();
        assertThat(c.summary()).isEqualTo("0 of 2 rows within ±15 %; ratio rows 0 of 0; of the rows outside, 1 inside the documented "
                + BenchComparison.INTERVAL);
        assertThat(c.toText()).contains("OUTSIDE, inside the documented 95 % CI\n");
        // the summary line still reads as the forked parent expects
        assertThat(ScenarioFork.count("gateway", List.of("  " + c.summary()))).isEqualTo(new BenchComparison.Count("gateway", 2, 0, 0, 0, false));
    }
}
