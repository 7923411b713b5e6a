package dev.tern.channels.heartbeat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What in {@code HEARTBEAT.md} asks for action. Not actionable (nanobot's rules): blank lines, headings,
 * HTML comments (also over several lines), empty check boxes ({@code - [ ]}) and ticked ones
 * ({@code - [x] done}). Everything else is an item; headings are kept as context above the items that
 * follow them.
 */
public final class HeartbeatFile {

    private static final Pattern HEADING = Pattern.compile("^#{1,6}(\\s.*)?$");
    private static final Pattern EMPTY_BOX = Pattern.compile("^[-*+]\\s*\\[\\s?]\\s*$");
    private static final Pattern TICKED = Pattern.compile("^[-*+]\\s*\\[[xX]].*$");

    private HeartbeatFile() { }

    /** The actionable part (items with their headings), or "" when there is nothing to do. */
    public static String actionable(String content) {
        if (content == null) return "";
        String text = content.replace("\r\n", "\n").replaceAll("(?s)<!--.*?(-->|$)", "");
        List<String> out = new ArrayList<>();
        boolean any = false;
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || EMPTY_BOX.matcher(t).matches() || TICKED.matcher(t).matches()) continue;
            if (HEADING.matcher(t).matches()) {
                out.add(line.stripTrailing());
                continue;
            }
            out.add(line.stripTrailing());
            any = true;
        }
        if (!any) return "";
        // drop headings with no item under them at the end
        while (!out.isEmpty() && HEADING.matcher(out.get(out.size() - 1).strip()).matches()) out.remove(out.size() - 1);
        return String.join("\n", out).strip();
    }
}
