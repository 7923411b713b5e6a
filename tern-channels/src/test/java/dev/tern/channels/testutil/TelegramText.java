package dev.tern.channels.testutil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * How the Bot API reads a message text in a {@code parse_mode}: the visible text (whose length the 4096
 * limit applies to) or the "can't parse entities" error the real API gives.
 */
final class TelegramText {

    private static final Set<String> HTML_TAGS = Set.of("b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
            "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji");
    private static final String V2_RESERVED = "_*[]()~`>#+-=|{}.!";

    /** The visible text, or throws with the API's description. */
    static String visible(String text, String parseMode) throws ParseError {
        if (parseMode == null || parseMode.isEmpty()) return text;
        return switch (parseMode) {
            case "HTML" -> html(text);
            case "MarkdownV2" -> markdownV2(text);
            case "Markdown" -> markdown(text);
            default -> throw new ParseError("Bad Request: unsupported parse_mode");
        };
    }

    static final class ParseError extends Exception {
        ParseError(String description) { super(description); }
    }

    private static int byteOffset(String s, int charIndex) {
        return s.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length;
    }

    private static String html(String s) throws ParseError {
        StringBuilder out = new StringBuilder();
        Deque<String> open = new ArrayDeque<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '<') {
                int end = s.indexOf('>', i);
                if (end < 0) throw new ParseError("Bad Request: can't parse entities: Unclosed start tag at byte offset " + byteOffset(s, i));
                String tag = s.substring(i + 1, end).strip();
                if (tag.startsWith("/")) {
                    String name = tag.substring(1).strip().toLowerCase();
                    if (open.isEmpty() || !open.peek().equals(name)) {
                        throw new ParseError("Bad Request: can't parse entities: Unmatched end tag at byte offset " + byteOffset(s, i)
                                + ", expected \"</" + (open.isEmpty() ? "" : open.peek()) + ">\", found \"</" + name + ">\"");
                    }
                    open.pop();
                } else {
                    String name = tag.split("[\\s/]", 2)[0].toLowerCase();
                    if (!HTML_TAGS.contains(name)) {
                        throw new ParseError("Bad Request: can't parse entities: Unsupported start tag \"" + name + "\" at byte offset "
                                + byteOffset(s, i));
                    }
                    if (name.equals("a") && !tag.matches("(?s)a\\s+href\\s*=\\s*\"[^\"]*\"\\s*")) {
                        throw new ParseError("Bad Request: can't parse entities: Can't find end of attribute value at byte offset " + byteOffset(s, i));
                    }
                    open.push(name);
                }
                i = end + 1;
            } else if (c == '&') {
                int semi = s.indexOf(';', i);
                String ent = semi < 0 ? "" : s.substring(i, semi + 1);
                switch (ent) {
                    case "&lt;" -> out.append('<');
                    case "&gt;" -> out.append('>');
                    case "&amp;" -> out.append('&');
                    case "&quot;" -> out.append('"');
                    default -> {
                        if (ent.matches("&#\\d{1,7};")) out.appendCodePoint(Integer.parseInt(ent.substring(2, ent.length() - 1)));
                        else {
                            out.append('&');
                            i++;
                            continue;
                        }
                    }
                }
                i = semi + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        if (!open.isEmpty()) {
            throw new ParseError("Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"" + open.peek() + "\"");
        }
        return out.toString();
    }

    private static String markdownV2(String s) throws ParseError {
        StringBuilder out = new StringBuilder();
        Deque<Character> open = new ArrayDeque<>();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                out.append(s.charAt(++i));
            } else if (c == '*' || c == '_' || c == '~' || c == '`' || c == '|') {
                if (!open.isEmpty() && open.peek() == c) open.pop();
                else open.push(c);
            } else if (V2_RESERVED.indexOf(c) >= 0) {
                throw new ParseError("Bad Request: can't parse entities: Character '" + c
                        + "' is reserved and must be escaped with the preceding '\\'");
            } else {
                out.append(c);
            }
        }
        if (!open.isEmpty()) throw new ParseError("Bad Request: can't parse entities: Can't find end of " + open.peek() + " entity");
        return out.toString();
    }

    private static String markdown(String s) throws ParseError {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '_' || c == '`') {
                int close = s.indexOf(c, i + 1);
                if (close < 0) {
                    throw new ParseError("Bad Request: can't parse entities: Can't find end of the entity starting at byte offset " + byteOffset(s, i));
                }
                out.append(s, i + 1, close);
                i = close;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
