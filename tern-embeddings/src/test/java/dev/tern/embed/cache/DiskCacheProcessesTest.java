package dev.tern.embed.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three JVMs write and read the same cache files at once: nobody may ever read a partial file. */
class DiskCacheProcessesTest {

    @Test
    void concurrentProcessesNeverSeeATornFile(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            children.add(new ProcessBuilder(java, "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                    DiskCacheWriterMain.class.getName(), dir.toString(), "100", "4")
                    .redirectErrorStream(true).start());
        }
        long[] mine = DiskCacheWriterMain.hammer(dir, 100, 4);
        assertThat(mine[0]).as("torn or wrong reads in this JVM").isZero();
        for (Process p : children) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            assertThat(out).as("child output").startsWith("bad=0 ");
            assertThat(p.exitValue()).isZero();
        }
        DiskCache check = new DiskCache(dir, DiskCacheWriterMain.MODEL, 0);
        for (int i = 0; i < 100; i++) {
            assertThat(check.read(ContentKey.of(DiskCacheWriterMain.MODEL, "text " + i), 96)).isNotNull();
        }
        assertThat(check.corrupt()).isZero();
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".tmp")).count()).as("temporary files left").isZero();
        }
    }
}
