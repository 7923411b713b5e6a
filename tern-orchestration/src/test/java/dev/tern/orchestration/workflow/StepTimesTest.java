package dev.tern.orchestration.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepTimesTest {

    @TempDir Path dir;

    @Test
    void durationsAreAppendedAndTheMedianSurvivesANewProcess() throws Exception {
        Path file = dir.resolve("metrics/workflow-steps.jsonl");
        StepTimes t = new StepTimes(file);
        String key = StepTimes.key("research", 1, "parallel a, b");
        assertThat(t.expected(key)).isNull();
        for (long ms : new long[] {900, 1000, 5000}) t.record(key, Duration.ofMillis(ms));
        assertThat(t.expected(key)).isEqualTo(Duration.ofMillis(1000));
        assertThat(Files.readAllLines(file)).hasSize(3);
        Files.writeString(file, "{\"step\": \"torn", StandardOpenOption.APPEND); // a crash mid-append
        StepTimes next = new StepTimes(file);
        assertThat(next.expected(key)).isEqualTo(Duration.ofMillis(1000));
        for (int i = 0; i < 30; i++) next.record(key, Duration.ofMillis(2000));
        assertThat(new StepTimes(file).expected(key)).as("only the last 20 count").isEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void etaAddsWhatIsLeftOfTheCurrentStepAndTheStepsAfterIt() {
        Eta eta = new Eta(Arrays.asList(Duration.ofSeconds(1), Duration.ofSeconds(4), null, Duration.ofSeconds(2)));
        assertThat(eta.known()).isTrue();
        assertThat(eta.complete()).isFalse();
        assertThat(eta.remaining(0, Duration.ZERO)).isEqualTo(Duration.ofSeconds(7));
        assertThat(eta.remaining(1, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(5));
        assertThat(eta.remaining(1, Duration.ofSeconds(10))).as("a slow step counts as nearly done").isEqualTo(Duration.ofMillis(2400));
        assertThat(new Eta(Arrays.asList(null, null)).remaining(0, Duration.ZERO)).isNull();
    }
}
