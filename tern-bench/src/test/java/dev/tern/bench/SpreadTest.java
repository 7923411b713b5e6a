package dev.tern.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void ratiosPairTheSameRoundsBeforeSorting() {
        // round 1 ran on a slow core (both sides doubled), round 2 on a fast one: the pairs agree, medians of each side do not
        Spread r = Spread.ratios(List.of(2.0, 0.5, 1.2), List.of(4.0, 1.0, 2.0));
        assertThat(r.values()).containsExactly(0.5, 0.5, 0.6);
        assertThat(r.median()).isEqualTo(0.5);
        assertThat(r.format("%.2f", "")).isEqualTo("0.50 (min 0.50, max 0.60, n 3)");
    }

    @Test
    void unpairedSeriesAreRefused() {
        assertThatThrownBy(() -> Spread.ratios(List.of(1.0, 2.0), List.of(1.0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired");
    }
}
