package dev.tern.channels;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a long answer into messages of at most {@code limit} characters, preferring paragraph breaks,
 * then line breaks, then spaces, and never cutting a surrogate pair. A Markdown code fence that a cut
 * falls into is closed at the end of the part and reopened (with its language) at the start of the next,
 * so every part renders on its own.
 */
public final class MessageSplitter {

    private static final String FENCE = "```";

    private MessageSplitter() { }

    public static List<String> split(String text, int limit) {
        if (limit < 16) throw new IllegalArgumentException("limit too small: " + limit);
        List<String> parts = new ArrayList<>();
        String rest = text.strip();
        while (rest.length() > limit) {
            int cut = cutPoint(rest, limit);
            String part = rest.substring(0, cut).stripTrailing();
            String fenceLang = openFence(part);
            if (fenceLang != null && part.length() + FENCE.length() + 1 > limit) {
                cut = cutPoint(rest, limit - FENCE.length() - 1);
                part = rest.substring(0, cut).stripTrailing();
                fenceLang = openFence(part);
            }
            rest = skipBreak(rest.substring(cut));
            if (fenceLang != null) {
                part = part + "\n" + FENCE;
                rest = FENCE + fenceLang + "\n" + rest;
            }
            if (!part.isBlank()) parts.add(part);
        }
        if (!rest.isBlank()) parts.add(rest);
        return parts;
    }

    private static final String[] SEPARATORS = {"\n\n", "\n", " "};

    /** Where to cut {@code s} so that the first piece has at most {@code limit} chars. */
    static int cutPoint(String s, int limit) {
        String window = s.substring(0, Math.min(s.length(), limit + 1));
        for (String sep : SEPARATORS) {  // the strongest break in the second half of the window
            int i = window.lastIndexOf(sep, limit);
            if (i >= limit / 2) return i;
        }
        int best = -1;  // else the latest break of any kind
        for (String sep : SEPARATORS) best = Math.max(best, window.lastIndexOf(sep, limit));
        if (best > 0) return best;
        int cut = limit;
        if (Character.isHighSurrogate(s.charAt(cut - 1))) cut--;
        return cut;
    }

    /** The language of a code fence left open at the end of {@code part} ("" for none given), or null. */
    static String openFence(String part) {
        String lang = null;
        for (String line : part.split("\n", -1)) {
            String t = line.strip();
            if (t.startsWith(FENCE)) lang = lang == null ? t.substring(FENCE.length()).strip() : null;
        }
        return lang;
    }

    /** Drops the break the cut was made at: line ends, or one space (indentation after a line end stays). */
    private static String skipBreak(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == '\n' || s.charAt(i) == '\r')) i++;
        if (i == 0 && s.startsWith(" ")) i = 1;
        return s.substring(i);
    }
}
