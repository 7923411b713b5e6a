package dev.tern.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime must not write anything to the user's terminal: checked on a real child JVM's fd 1 and 2. */
class QuietOutputTest {

    @Test
    void loadingRunningAndReleasingTheModelPrintsNothing(@TempDir Path tmp) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto",
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), QuietEmbedMain.class.getName())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
        assertThat(Files.readString(err, StandardCharsets.UTF_8)).isEmpty();
        assertThat(Files.readAllLines(out)).isEqualTo(List.of("384", "384"));
        assertThat(p.exitValue()).isZero();
    }
}
