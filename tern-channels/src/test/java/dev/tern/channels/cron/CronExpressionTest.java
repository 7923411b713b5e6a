package dev.tern.channels.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CronExpressionTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static ZonedDateTime at(String iso) { return ZonedDateTime.parse(iso + "Z[UTC]"); }

    private static List<String> fires(String expr, String from, int n) {
        CronExpression c = CronExpression.parse(expr);
        List<String> out = new ArrayList<>();
        ZonedDateTime t = at(from);
        for (int i = 0; i < n; i++) {
            t = c.next(t);
            out.add(t.toLocalDateTime().toString());
        }
        return out;
    }

    @Test
    void weekdaysAtNine() {
        // 2026-12-04 is a Friday
        assertThat(fires("0 9 * * 1-5", "2026-12-04T08:59:30", 3))
                .containsExactly("2026-12-04T09:00", "2026-12-07T09:00", "2026-12-08T09:00");
        assertThat(fires("0 9 * * MON-FRI", "2026-12-04T09:00:00", 1)).containsExactly("2026-12-07T09:00");
    }

    @Test
    void stepsRangesListsAndNames() {
        assertThat(fires("*/15 * * * *", "2026-01-01T00:07:00", 3)).containsExactly("2026-01-01T00:15", "2026-01-01T00:30", "2026-01-01T00:45");
        assertThat(fires("5-20/5 3 * * *", "2026-01-01T00:00:00", 4))
                .containsExactly("2026-01-01T03:05", "2026-01-01T03:10", "2026-01-01T03:15", "2026-01-01T03:20");
        assertThat(fires("0 0,12 * * *", "2026-01-01T06:00:00", 2)).containsExactly("2026-01-01T12:00", "2026-01-02T00:00");
        assertThat(fires("30 4 1 jan,Jul *", "2026-02-01T00:00:00", 2)).containsExactly("2026-07-01T04:30", "2027-01-01T04:30");
        assertThat(fires("0 22 * * 5/1", "2026-12-01T00:00:00", 2)).as("a/n runs from a to the end").containsExactly("2026-12-04T22:00", "2026-12-05T22:00");
        assertThat(fires("* * * * *", "2026-01-01T00:00:59", 2)).containsExactly("2026-01-01T00:01", "2026-01-01T00:02");
    }

    @Test
    void sundayIsZeroOrSeven() {
        assertThat(fires("0 8 * * 7", "2026-12-01T00:00:00", 1)).containsExactly("2026-12-06T08:00");
        assertThat(fires("0 8 * * 0", "2026-12-01T00:00:00", 1)).containsExactly("2026-12-06T08:00");
        assertThat(fires("0 8 * * sun", "2026-12-01T00:00:00", 1)).containsExactly("2026-12-06T08:00");
    }

    @Test
    void dayOfMonthAndDayOfWeekBothRestrictedMeansEither() {
        // the 1st and the 15th, and every Friday: Dec 2026 Fridays are 4, 11, 18, 25
        assertThat(fires("0 0 1,15 * 5", "2026-12-01T00:00:00", 5))
                .containsExactly("2026-12-04T00:00", "2026-12-11T00:00", "2026-12-15T00:00", "2026-12-18T00:00", "2026-12-25T00:00");
        // a star in one of them means both must hold: every Friday
        assertThat(fires("0 0 */1 * 5", "2026-12-01T00:00:00", 1)).as("*/1 still counts as a star").containsExactly("2026-12-04T00:00");
        assertThat(fires("0 0 13 * *", "2026-12-01T00:00:00", 1)).containsExactly("2026-12-13T00:00");
    }

    @Test
    void macrosAndLeapDays() {
        assertThat(fires("@daily", "2026-03-03T10:00:00", 1)).containsExactly("2026-03-04T00:00");
        assertThat(fires("@hourly", "2026-03-03T10:00:00", 1)).containsExactly("2026-03-03T11:00");
        assertThat(fires("@weekly", "2026-12-01T00:00:00", 1)).containsExactly("2026-12-06T00:00");
        assertThat(fires("@monthly", "2026-12-15T00:00:00", 1)).containsExactly("2027-01-01T00:00");
        assertThat(fires("@yearly", "2026-12-15T00:00:00", 1)).containsExactly("2027-01-01T00:00");
        assertThat(fires("0 0 29 2 *", "2026-03-01T00:00:00", 1)).containsExactly("2028-02-29T00:00");
    }

    @Test
    void daylightSavingGapsAndOverlaps() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        CronExpression c = CronExpression.parse("30 2 * * *");
        // 2026-03-29: 02:00 -> 03:00 in Paris; the 02:30 run happens at 03:30 local, once
        ZonedDateTime spring = c.next(ZonedDateTime.of(2026, 3, 28, 12, 0, 0, 0, paris));
        assertThat(spring.toLocalDate().toString()).isEqualTo("2026-03-29");
        assertThat(spring.toLocalTime().toString()).isEqualTo("03:30");
        // 2026-10-25: 03:00 -> 02:00; 02:30 exists twice; it runs once
        ZonedDateTime first = c.next(ZonedDateTime.of(2026, 10, 25, 0, 0, 0, 0, paris));
        ZonedDateTime second = c.next(first);
        assertThat(first.toLocalDate().toString()).isEqualTo("2026-10-25");
        assertThat(second.toLocalDate().toString()).isEqualTo("2026-10-26");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "0 9 * *|a cron expression has 5 fields",
            "60 * * * *|60 is outside 0-59",
            "0 24 * * *|24 is outside 0-23",
            "0 0 0 * *|0 is outside 1-31",
            "0 0 * 13 *|13 is outside 1-12",
            "0 0 * * 8|8 is outside 0-7",
            "0 0 * * FOO|'FOO' is not a number or a name",
            "*/0 * * * *|step must be at least 1",
            "5-1 * * * *|range 5-1 goes backwards",
            "1,,2 * * * *|empty list item",
            "0 0 31 2 *|never fires",
            "@reboot|unknown cron macro"})
    void badExpressionsSayWhatIsWrongInOneLine(String expr, String message) {
        assertThatThrownBy(() -> CronExpression.parse(expr)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void scheduleParsesEveryAndAt() {
        java.time.Instant anchor = java.time.Instant.parse("2026-12-01T00:00:00Z");
        Schedule every = Schedule.parse("@every 1h30m", UTC, anchor);
        assertThat(every.text()).isEqualTo("@every 1h30m");
        assertThat(every.next(anchor)).isEqualTo(anchor.plusSeconds(5400));
        assertThat(every.next(anchor.plusSeconds(5400))).isEqualTo(anchor.plusSeconds(10800));
        assertThat(every.next(anchor.plusSeconds(6000))).isEqualTo(anchor.plusSeconds(10800));
        assertThat(Schedule.parse("@every 30m", UTC, anchor).text()).isEqualTo("@every 30m");
        assertThat(Schedule.parse("@at 2026-12-24T18:00:00Z", UTC, anchor).next(anchor)).isEqualTo(java.time.Instant.parse("2026-12-24T18:00:00Z"));
        assertThatThrownBy(() -> Schedule.parse("@every 30 minutes", UTC, anchor)).hasMessageContaining("like 30m, 1h30m");
        assertThatThrownBy(() -> Schedule.parse("@every 0s", UTC, anchor)).hasMessageContaining("at least 1s");
    }
}
