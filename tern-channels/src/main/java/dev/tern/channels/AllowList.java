package dev.tern.channels;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who may talk to the assistant on a channel: nanobot's {@code allowFrom}. An empty list allows
 * nobody (fail closed: the agent has shell and file tools); {@code "*"} allows everyone. A sender id
 * may have several names joined by {@code |} (Telegram: {@code 12345|alice}); it is allowed when any
 * of them is listed. {@code @alice} and {@code alice} are the same name. An entry with {@code *} in it
 * is a pattern ({@code *@example.com}).
 */
public final class AllowList {

    private final List<String> exact = new ArrayList<>();
    private final List<Pattern> patterns = new ArrayList<>();
    private final boolean everyone;
    private final boolean ignoreCase;
    private final List<String> entries;

    private AllowList(List<String> entries, boolean ignoreCase) {
        this.entries = List.copyOf(entries);
        this.ignoreCase = ignoreCase;
        boolean all = false;
        for (String e : entries) {
            String n = normalize(e);
            if (n.isEmpty()) continue;
            if (n.equals("*")) all = true;
            else if (n.contains("*")) patterns.add(glob(n));
            else exact.add(n);
        }
        this.everyone = all;
    }

    /** Case-sensitive names (Telegram ids and usernames, webhook senders). */
    public static AllowList of(List<String> entries) { return new AllowList(entries, false); }

    /** Case-insensitive names (email addresses). */
    public static AllowList ignoringCase(List<String> entries) { return new AllowList(entries, true); }

    public boolean allows(String senderId) {
        if (everyone) return true;
        if (senderId == null) return false;
        for (String part : senderId.split("\\|")) {
            String n = normalize(part);
            if (n.isEmpty()) continue;
            if (exact.contains(n)) return true;
            for (Pattern p : patterns) if (p.matcher(n).matches()) return true;
        }
        return false;
    }

    /** True when nobody at all is allowed (an empty list). */
    public boolean allowsNobody() { return !everyone && exact.isEmpty() && patterns.isEmpty(); }

    public List<String> entries() { return entries; }

    private String normalize(String s) {
        String t = s == null ? "" : s.strip();
        if (t.startsWith("@") && t.indexOf('@', 1) < 0) t = t.substring(1);  // @username, not a whole address
        return ignoreCase ? t.toLowerCase(Locale.ROOT) : t;
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (String piece : g.split("\\*", -1)) {
            if (!re.isEmpty()) re.append(".*");
            re.append(Pattern.quote(piece));
        }
        return Pattern.compile(re.toString());
    }

    @Override
    public String toString() { return "allowFrom" + entries; }
}
