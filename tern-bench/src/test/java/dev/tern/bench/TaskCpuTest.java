package dev.tern.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TaskCpuTest {

    @Test
    void countsWhatAThreadSpentAtNanosecondResolution() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "per-thread accounting needs Linux /proc");
        TaskCpu.Snapshot start = TaskCpu.now();
        var mx = ManagementFactory.getThreadMXBean();
        long own0 = mx.getCurrentThreadCpuTime();
        long x = 0;
        while (mx.getCurrentThreadCpuTime() - own0 < 30_000_000L) x += x * 31 + 7;
        long own = mx.getCurrentThreadCpuTime() - own0;
        TaskCpu.Snapshot end = TaskCpu.now();
        long counted = end.nanosSince(start, false) + (x == 42 ? 1 : 0);
        // at least this thread's own CPU, and not a clock tick's worth of rounding (10 ms) below it
        assertThat(counted).isGreaterThanOrEqualTo(own - 1_000_000L);
        assertThat(end.compilerMillisSince(start)).isBetween(0L, end.millisSince(start));
    }

    @Test
    void anotherProcessIsReadToo() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "per-thread accounting needs Linux /proc");
        Process p = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 5").start();
        try {
            TaskCpu.Snapshot first = TaskCpu.of(p.pid());
            assertThat(first.byThread()).isNotEmpty();
        } finally {
            p.destroyForcibly();
        }
    }
}
