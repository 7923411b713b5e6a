package dev.tern.sim.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimJsonTest {

    static final String NASTY = "say \"hi\" \\ back\\slash\nnew\rline\ttab \u0001\u001f é ü 中文 😀 </script> \u2028";

    @Test
    void quoteRoundTripsThroughARealJsonParser() {
        for (String s : List.of("", "plain", NASTY, "\"", "\\", "😀".repeat(50))) {
            String literal = SimJson.quote(s);
            assertThat(SimJson.MAPPER.readTree(literal).stringValue()).isEqualTo(s);
        }
    }

    @Test
    void splitNeverBreaksSurrogatePairsAndLosesNothing() {
        String s = "a😀b😀c😀d😀".repeat(7);
        for (int pieces = 1; pieces < 20; pieces++) {
            List<String> parts = SimJson.split(s, pieces);
            assertThat(String.join("", parts)).isEqualTo(s);
            for (String p : parts) {
                assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse();
                assertThat(Character.isLowSurrogate(p.charAt(0))).isFalse();
            }
        }
        assertThat(SimJson.textPieces("x".repeat(10_000))).hasSize(64);
    }
}
