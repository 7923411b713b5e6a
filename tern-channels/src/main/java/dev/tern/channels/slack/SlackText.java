package dev.tern.channels.slack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's Markdown as Slack's {@code mrkdwn}: {@code &}, {@code <} and {@code >} escaped (Slack reads them as markup),
 * {@code **bold**} as {@code *bold*}, {@code *italic*} and {@code _italic_} as {@code _italic_}, {@code ~~struck~~} as
 * {@code ~struck~}, {@code [text](url)} as {@code <url|text>}, headings as bold lines. Code spans and fenced blocks keep
 * their text (escaped only), as Slack renders them itself.
 */
final class SlackText {

    private static final Pattern CODE = Pattern.compile("```[\\s\\S]*?```|`[^`\\n]+`");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]+)]\\((https?://[^)\\s]+)\\)");
    private static final Pattern BOLD = Pattern.compile("\\*\\*(?=\\S)(.+?)(?<=\\S)\\*\\*");
    private static final Pattern ITALIC = Pattern.compile("(?<![*\\w])\\*(?=\\S)([^*\\n]+?)(?<=\\S)\\*(?![*\\w])");
    private static final Pattern STRIKE = Pattern.compile("~~(?=\\S)(.+?)(?<=\\S)~~");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}[ \\t]+(.+?)[ \\t]*#*[ \\t]*$");

    private SlackText() { }

    static String render(String markdown) {
        StringBuilder out = new StringBuilder();
        Matcher code = CODE.matcher(markdown);
        int at = 0;
        while (code.find()) {
            out.append(prose(markdown.substring(at, code.start()))).append(escape(code.group()));
            at = code.end();
        }
        return out.append(prose(markdown.substring(at))).toString();
    }

    private static String prose(String s) {
        String t = escape(s);
        t = HEADING.matcher(t).replaceAll(m -> Matcher.quoteReplacement("\u0000" + m.group(1) + "\u0000"));
        t = ITALIC.matcher(t).replaceAll(m -> Matcher.quoteReplacement("_" + m.group(1) + "_"));
        t = BOLD.matcher(t).replaceAll(m -> Matcher.quoteReplacement("\u0000" + m.group(1) + "\u0000"));
        t = STRIKE.matcher(t).replaceAll(m -> Matcher.quoteReplacement("~" + m.group(1) + "~"));
        t = LINK.matcher(t).replaceAll(m -> Matcher.quoteReplacement("<" + m.group(2) + "|" + m.group(1) + ">"));
        return t.replace('\u0000', '*');   // bold last: its single stars are not read as italics
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
