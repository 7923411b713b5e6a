package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tern bench} as a real process: several scenarios, each in a JVM of its own, and the line that counts them all. */
class BenchCommandTest {

    record Result(int code, String out) { }

    private static Result bench(Path dir, String... args) throws IOException, InterruptedException {
        return bench(dir, List.of(), args);
    }

    private static Result bench(Path dir, List<String> jvmFlags, String... args) throws IOException, InterruptedException {
        // as the launcher starts it (SQLite and ONNX Runtime load native code)
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.tern.cli.Main", "bench"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    @Test
    void severalScenariosRunInJvmsOfTheirOwnAndAreComparedInOneLine(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("BENCHMARKS.md");
        Files.writeString(doc, "# Benchmarks\n");

        Result written = bench(dir, "duplicates", "prompt-cache", "--quick", "--write-docs", "--doc", doc.toString());
        assertThat(written.code()).as(written.out()).isZero();
        assertThat(Files.readString(doc)).contains("<!-- bench:duplicates -->", "<!-- bench:prompt-cache -->");

        Result compared = bench(dir, "duplicates", "prompt-cache", "--quick", "--compare", "--doc", doc.toString());
        assertThat(compared.code()).as(compared.out()).isZero();
        // each child printed its own comparison; the parent counted both from what they printed: 8 rows of duplicates and
        // 7 of prompt-cache, 4 of them ratio rows (how many are inside depends on the machine's load: wall times)
        assertThat(compared.out()).contains("duplicates: this run beside", "prompt-cache: this run beside")
                .containsPattern("tern bench --compare, 2 scenarios: \\d+ of 15 rows within ±15 %; ratio rows \\d of 4");
    }

    @Test
    void severalRunsWriteTheCentralOneWithTheirSpread(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("BENCHMARKS.md");
        Files.writeString(doc, "# Benchmarks\n\nkept\n");

        Result r = bench(dir, "duplicates", "--quick", "--runs", "2", "--write-docs", "--doc", doc.toString());

        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).containsPattern("duplicates: run [12] of 2 is the central one");
        String written = Files.readString(doc);
        assertThat(written).startsWith("# Benchmarks\n\nkept\n").contains("<!-- bench:duplicates -->", "<!-- /bench:duplicates -->",
                "- written from the central one of 2 runs of this scenario, each in a JVM of its own");
        assertThat(written.indexOf("<!-- bench:duplicates -->")).isEqualTo(written.lastIndexOf("<!-- bench:duplicates -->"));
        try (var temps = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(temps.filter(p -> p.getFileName().toString().startsWith("tern-bench-duplicates-"))).isEmpty();
        }

        // a second measurement made the same way: its central run beside the documented one, and counted apart
        Result again = bench(dir, "duplicates", "--quick", "--runs", "2", "--compare", "--doc", doc.toString());
        assertThat(again.code()).as(again.out()).isZero();
        assertThat(again.out()).contains("the central run, duplicates: this run beside the section measured")
                .containsPattern("tern bench --compare, the central runs: 1 scenario: \\d+ of 8 rows within ±15 %; ratio rows \\d of \\d")
                .containsPattern("tern bench --compare, every run: 1 scenario, 2 runs: \\d+ of 16 rows");
        assertThat(Files.readString(doc)).isEqualTo(written);
    }

    @Test
    void aRunsTemporaryFilesAreGoneWhenItExits(@TempDir Path dir) throws Exception {
        // the session scenario leaves its workspaces (and memory its 250 MB store) in the temporary folder; each run
        // gets a folder of its own there, deleted when the run's JVM exits
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path doc = dir.resolve("BENCHMARKS.md");
        Files.writeString(doc, "# Benchmarks\n");

        Result r = bench(dir, List.of("-Djava.io.tmpdir=" + tmp), "session", "--quick", "--doc", doc.toString());

        assertThat(r.code()).as(r.out()).isIn(0, 1);
        assertThat(r.out()).contains("append");
        try (var left = Files.list(tmp)) {
            assertThat(left.toList()).isEmpty();
        }
    }

    @Test
    void zeroRunsIsRefused(@TempDir Path dir) throws Exception {
        Result r = bench(dir, "duplicates", "--runs", "0");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("tern bench: --runs must be at least 1, got 0");
    }

    @Test
    void anUnknownScenarioIsRefusedBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Result r = bench(dir, "duplicates", "no-such");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("tern bench: unknown scenario 'no-such' (fanout,").doesNotContain("running duplicates");
    }
}
