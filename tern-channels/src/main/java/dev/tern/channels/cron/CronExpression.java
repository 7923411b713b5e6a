package dev.tern.channels.cron;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A standard five-field cron expression, {@code minute hour day-of-month month day-of-week}, as Vixie
 * cron reads it: {@code *}, numbers, ranges {@code a-b}, steps {@code * /n}, {@code a-b/n} and {@code a/n},
 * lists {@code a,b}, month and weekday names ({@code JAN}, {@code MON-FRI}), Sunday as 0 or 7, and the
 * macros {@code @yearly @annually @monthly @weekly @daily @midnight @hourly}. When both day fields are
 * restricted (neither starts with {@code *}) a day matches if EITHER does ({@code 0 0 1 * MON} = the 1st
 * and every Monday); otherwise both must.
 */
public final class CronExpression {

    private static final Map<String, String> MACROS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final int SEARCH_YEARS = 8;  // covers Feb 29 on a given weekday

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;  // 0 = Sunday .. 6
    private final boolean domStar;
    private final boolean dowStar;

    private CronExpression(String text, String[] f) {
        this.text = text;
        this.minutes = field("minute", f[0], 0, 59, null, text);
        this.hours = field("hour", f[1], 0, 23, null, text);
        this.daysOfMonth = field("day-of-month", f[2], 1, 31, null, text);
        this.months = field("month", f[3], 1, 12, MONTHS, text);
        BitSet dow = field("day-of-week", f[4], 0, 7, DAYS, text);
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        this.daysOfWeek = dow;
        this.domStar = f[2].startsWith("*");
        this.dowStar = f[4].startsWith("*");
    }

    /**
     * @throws IllegalArgumentException one line naming the field and what is wrong with it
     */
    public static CronExpression parse(String expression) {
        String t = expression == null ? "" : expression.strip();
        String expanded = t.startsWith("@") ? MACROS.get(t.toLowerCase(Locale.ROOT)) : t;
        if (expanded == null) {
            throw new IllegalArgumentException("unknown cron macro '" + t + "' (use @yearly, @monthly, @weekly, @daily, @hourly or @every <duration>)");
        }
        String[] f = expanded.split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("a cron expression has 5 fields (minute hour day-of-month month day-of-week), got "
                    + f.length + " in '" + t + "'");
        }
        CronExpression c = new CronExpression(t, f);
        ZonedDateTime probe = ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneId.of("UTC"));
        if (c.next(probe) == null) throw new IllegalArgumentException("'" + t + "' never fires (no such date)");
        return c;
    }

    private static BitSet field(String name, String spec, int min, int max, List<String> names, String whole) {
        BitSet bits = new BitSet(max + 1);
        for (String item : spec.split(",", -1)) {
            String where = "cron " + name + " field '" + spec + "' in '" + whole + "'";
            if (item.isEmpty()) throw new IllegalArgumentException(where + ": empty list item");
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(item.substring(slash + 1), null, where);
                if (step < 1) throw new IllegalArgumentException(where + ": step must be at least 1");
            }
            int lo;
            int hi;
            if (range.equals("*")) {
                lo = min;
                hi = max == 7 ? 6 : max;
            } else {
                int dash = range.indexOf('-', 1);
                lo = number(dash < 0 ? range : range.substring(0, dash), names, where);
                hi = dash < 0 ? (slash >= 0 ? (max == 7 ? 6 : max) : lo) : number(range.substring(dash + 1), names, where);
            }
            if (lo < min || lo > max || hi < min || hi > max) {
                throw new IllegalArgumentException(where + ": " + (lo < min || lo > max ? lo : hi) + " is outside " + min + "-" + max);
            }
            if (hi < lo) throw new IllegalArgumentException(where + ": range " + lo + "-" + hi + " goes backwards");
            for (int v = lo; v <= hi; v += step) bits.set(v);
        }
        return bits;
    }

    private static int number(String s, List<String> names, String where) {
        if (names != null) {
            int i = names.indexOf(s.toUpperCase(Locale.ROOT));
            if (i >= 0) return names == MONTHS ? i + 1 : i;
        }
        if (!s.matches("\\d{1,2}")) throw new IllegalArgumentException(where + ": '" + s + "' is not a number" + (names == null ? "" : " or a name"));
        return Integer.parseInt(s);
    }

    /** The first time strictly after {@code after} (in its zone) that matches, or null when there is none. */
    public ZonedDateTime next(ZonedDateTime after) {
        ZoneId zone = after.getZone();
        LocalDateTime t = after.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        int lastYear = t.getYear() + SEARCH_YEARS;
        while (t.getYear() <= lastYear) {
            if (!months.get(t.getMonthValue())) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
            } else if (!dayMatches(t.toLocalDate())) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                int m = minutes.nextSetBit(t.getMinute());
                t = m < 0 ? t.truncatedTo(ChronoUnit.HOURS).plusHours(1) : t.withMinute(m);
            } else {
                ZonedDateTime z = t.atZone(zone);  // a time in a DST gap moves forward by the gap
                if (z.isAfter(after)) return z;
                t = t.plusMinutes(1);
            }
        }
        return null;
    }

    private boolean dayMatches(LocalDate d) {
        boolean dom = daysOfMonth.get(d.getDayOfMonth());
        boolean dow = daysOfWeek.get(d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : d.getDayOfWeek().getValue());
        if (domStar || dowStar) return dom && dow;
        return dom || dow;
    }

    @Override
    public String toString() { return text; }
}
