package dev.tern.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The targets of every section of {@code docs/BENCHMARKS.md} in one table: per scenario, the date its section was
 * measured, how many of its rows with a target met it, and each row that missed (metric, value, target). Rendered from
 * the sections themselves whenever {@code --write-docs} writes one ({@link BenchmarksDoc}), between
 * {@code <!-- bench-verdicts -->} and {@code <!-- /bench-verdicts -->}, so the summary at the top of the file cannot
 * drift from the figures below it.
 */
public final class VerdictTable {

    public static final String BEGIN = "<!-- bench-verdicts -->";
    public static final String END = "<!-- /bench-verdicts -->";

    private static final Pattern SECTION = Pattern.compile("<!-- bench:([a-z0-9-]+) -->\\n(.*?)<!-- /bench:\\1 -->", Pattern.DOTALL);
    private static final Pattern MEASURED = Pattern.compile("Measured (\\d{4}-\\d{2}-\\d{2})");
    private static final String HEADER = "| metric | value | target | verdict |";
    private static final String PASS = "pass";
    private static final String MISS = "**miss**";

    private VerdictTable() { }

    /** One row of a section that has a target. */
    record Verdict(String metric, String value, String target, boolean met) { }

    /** One section: its scenario, the date in its first line ("" when it has none), its rows with a target. */
    record Section(String scenario, String measured, List<Verdict> verdicts) {

        long met() { return verdicts.stream().filter(Verdict::met).count(); }
    }

    /** Every {@code <!-- bench:NAME -->} section of {@code doc}, in the order of the file. */
    static List<Section> sections(String doc) {
        List<Section> out = new ArrayList<>();
        Matcher m = SECTION.matcher(doc);
        while (m.find()) {
            String body = m.group(2);
            Matcher d = MEASURED.matcher(body);
            out.add(new Section(m.group(1), d.find() ? d.group(1) : "", verdicts(body)));
        }
        return out;
    }

    /** The rows of the section's first metric table whose verdict cell is {@code pass} or {@code **miss**}. */
    static List<Verdict> verdicts(String body) {
        List<Verdict> out = new ArrayList<>();
        boolean inTable = false;
        for (String line : body.split("\n")) {
            if (!inTable) {
                inTable = line.strip().equals(HEADER);
                continue;
            }
            if (!line.startsWith("|")) break;   // the table ends at its first line that is not a row
            List<String> cells = cells(line);
            if (cells.size() < 4) continue;     // the separator row
            String verdict = cells.getLast();
            if (!verdict.equals(PASS) && !verdict.equals(MISS)) continue;
            int n = cells.size();
            // a metric may hold a '|' of its own; value, target and verdict are the last three cells
            String metric = String.join(" | ", cells.subList(0, n - 3));
            out.add(new Verdict(metric, cells.get(n - 3), cells.get(n - 2), verdict.equals(PASS)));
        }
        return out;
    }

    private static List<String> cells(String row) {
        String s = row.strip();
        if (s.startsWith("|")) s = s.substring(1);
        if (s.endsWith("|")) s = s.substring(0, s.length() - 1);
        List<String> out = new ArrayList<>();
        for (String c : s.split("(?<!\\\\)\\|", -1)) out.add(c.strip());
        return out;
    }

    /** The table for {@code doc}'s sections (a line saying there is none when no section has a target). */
    public static String render(String doc) {
        List<Section> sections = sections(doc);
        StringBuilder b = new StringBuilder();
        b.append("| scenario | measured | targets met | missed (value; target) |\n|---|---|---|---|\n");
        int rows = 0;
        long met = 0;
        long all = 0;
        for (Section s : sections) {
            if (s.verdicts().isEmpty()) continue;
            rows++;
            met += s.met();
            all += s.verdicts().size();
            List<String> missed = new ArrayList<>();
            for (Verdict v : s.verdicts()) {
                if (!v.met()) missed.add(v.metric() + ": " + v.value() + "; " + v.target());
            }
            b.append("| `").append(s.scenario()).append("` | ").append(s.measured()).append(" | ").append(s.met()).append(" of ")
                    .append(s.verdicts().size()).append(" | ").append(String.join("<br>", missed)).append(" |\n");
        }
        if (rows == 0) return "No section has a row with a target yet.\n";
        b.append("\n").append(met).append(" of ").append(all).append(" rows with a target met, in ").append(rows).append(" sections.\n");
        return b.toString();
    }

    /** {@code doc} with its verdict region rendered again from its sections; unchanged when it has no such region. */
    public static String refresh(String doc) {
        int a = doc.indexOf(BEGIN);
        int b = doc.indexOf(END);
        if (a < 0 || b < a) return doc;
        return doc.substring(0, a) + BEGIN + "\n" + render(doc) + doc.substring(b);
    }
}
