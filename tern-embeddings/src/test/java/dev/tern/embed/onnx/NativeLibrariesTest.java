package dev.tern.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.JarURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime's 22 MB of native libraries are extracted once per user into ~/.tern/cache/native, not
 * into a new temporary folder by every process: checked on real child JVMs with their own home and
 * temporary folders.
 */
class NativeLibrariesTest {

    @TempDir Path tmp;

    @Test
    void theLibrariesAreExtractedOnceAndATruncatedCopyIsReplaced() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path t = Files.createDirectories(tmp.resolve("t"));
        run(home, t);
        Path cache = home.resolve(".tern/cache/native");
        Path dir;
        try (Stream<Path> dirs = Files.list(cache)) {
            dir = dirs.filter(d -> d.getFileName().toString().startsWith("onnxruntime-")).findFirst().orElseThrow();
        }
        assertThat(dir.getFileName().toString()).endsWith("-" + NativeLibraries.platform());
        Path lib = dir.resolve(System.mapLibraryName("onnxruntime"));
        long size = entrySize("onnxruntime");
        assertThat(lib).isRegularFile().hasSize(size);
        assertThat(dir.resolve(System.mapLibraryName("onnxruntime4j_jni"))).hasSize(entrySize("onnxruntime4j_jni"));
        try (Stream<Path> left = Files.list(t)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("onnxruntime"));
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }

        Object first = Files.readAttributes(lib, BasicFileAttributes.class).fileKey();
        run(home, t);
        assertThat(Files.readAttributes(lib, BasicFileAttributes.class).fileKey())
                .as("the second process loads the same copy").isEqualTo(first);

        Files.write(lib, new byte[] {1, 2, 3});
        run(home, t);
        assertThat(lib).as("a copy of the wrong size is extracted again").hasSize(size);
    }

    @Test
    void thisMachinesPlatformHasLibrariesInTheJar() throws Exception {
        assertThat(NativeLibraries.platform()).isNotNull();
        assertThat(entrySize("onnxruntime")).isGreaterThan(1_000_000);
    }

    private static long entrySize(String library) throws Exception {
        var url = NativeLibraries.class.getResource("/ai/onnxruntime/native/" + NativeLibraries.platform() + "/"
                + System.mapLibraryName(library));
        assertThat(url).isNotNull();
        return ((JarURLConnection) url.openConnection()).getJarEntry().getSize();
    }

    private void run(Path home, Path t) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Duser.home=" + home, "-Djava.io.tmpdir=" + t, "-cp", System.getProperty("java.class.path"),
                EmbedOnceMain.class.getName())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
        assertThat(Files.readString(err, StandardCharsets.UTF_8)).isEmpty();
        assertThat(Files.readAllLines(out)).isEqualTo(List.of("384"));
        assertThat(p.exitValue()).isZero();
    }
}
