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

    @Test
    void theMedianIntervalIsTwoOrderStatisticsChosenByTheBinomial() {
        List<Double> xs = new java.util.ArrayList<>();
        for (int i = 21; i >= 1; i--) xs.add((double) i);
        // 21 values: the 6th and the 16th (P(Bin(21, 1/2) <= 5) = 1.3 %, <= 6 would be 3.9 %)
        assertThat(Spread.of(xs).medianInterval()).containsExactly(6.0, 16.0);
        // 9 values: the 2nd and the 8th (P(Bin(9, 1/2) <= 1) = 2.0 %)
        assertThat(Spread.of(List.of(9, 8, 7, 6, 5, 4, 3, 2, 1)).medianInterval()).containsExactly(2.0, 8.0);
        // 5 values: no pair covers 95 %; min to max
        assertThat(Spread.of(List.of(5, 1, 3, 2, 4)).medianInterval()).containsExactly(1.0, 5.0);
    }
}
