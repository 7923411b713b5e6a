package dev.tern.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CoreSpeedTest {

    @Test
    void aRoundIsSlowOnlyWellAboveTheFastestProbeOfTheRun() {
        CoreSpeed speed = new CoreSpeed();
        double a = speed.probeMillis(), b = speed.probeMillis();
        double fastest = speed.fastestMillis();

        assertThat(fastest).isPositive().isEqualTo(Math.min(a, b));
        assertThat(speed.slow(fastest)).isFalse();
        assertThat(speed.slow(fastest * 1.05)).isFalse();
        assertThat(speed.slow(fastest * 1.2)).isTrue();
    }

    @Test
    void nothingIsSlowBeforeTheFirstProbe() {
        assertThat(new CoreSpeed().slow(1e9)).isFalse();
    }
}
