package dev.tern.channels.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Model answers are Markdown; Telegram renders a small HTML subset ({@code parse_mode: "HTML"}). This
 * turns the common Markdown (code blocks, inline code, bold, italic, strike-through, links, headings,
 * bullets) into that subset and escapes everything else, so a stray {@code <} never breaks a message.
 * Whatever it gets wrong, Telegram refuses with "can't parse entities" and the channel resends the
 * plain text.
 */
public final class TelegramHtml {

    private static final Pattern FENCED = Pattern.compile("```([\\w+#.-]*)[ \\t]*\\n?(.*?)```", Pattern.DOTALL);
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]+)]\\((https?://[^)\\s]+)\\)");
    private static final Pattern BOLD = Pattern.compile("(\\*\\*|__)(?=\\S)([^\\n]+?)(?<=\\S)\\1");
    private static final Pattern ITALIC = Pattern.compile("(?<![\\w*])([*_])(?=[^\\s*_])([^<>*_\\n]+?)(?<=\\S)\\1(?![\\w*])");
    private static final Pattern STRIKE = Pattern.compile("~~(?=\\S)([^<>\\n]+?)(?<=\\S)~~");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}[ \\t]+(.+?)[ \\t#]*$");
    private static final Pattern BULLET = Pattern.compile("(?m)^([ \\t]*)[-*+][ \\t]+");

    private TelegramHtml() { }

    public static String render(String markdown) {
        List<String> kept = new ArrayList<>();
        String s = markdown.replace('\u0001', ' ').replace('\u0002', ' ');
        s = replace(FENCED, s, m -> keep(kept, "<pre><code" + (m.group(1).isEmpty() ? "" : " class=\"language-" + m.group(1) + "\"")
                + ">" + escape(m.group(2).stripTrailing()) + "</code></pre>"));
        s = replace(INLINE_CODE, s, m -> keep(kept, "<code>" + escape(m.group(1)) + "</code>"));
        s = replace(LINK, s, m -> keep(kept, "<a href=\"" + escape(m.group(2)).replace("\"", "&quot;") + "\">" + escape(m.group(1)) + "</a>"));
        s = escape(s);
        s = replace(HEADING, s, m -> "<b>" + m.group(1) + "</b>");
        s = replace(BULLET, s, m -> m.group(1) + "• ");
        s = replace(BOLD, s, m -> "<b>" + m.group(2) + "</b>");
        s = replace(ITALIC, s, m -> "<i>" + m.group(2) + "</i>");
        s = replace(STRIKE, s, m -> "<s>" + m.group(1) + "</s>");
        StringBuilder out = new StringBuilder(s.length() + 64);
        Matcher m = Pattern.compile("\u0001(\\d+)\u0002").matcher(s);
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(kept.get(Integer.parseInt(m.group(1)))));
        m.appendTail(out);
        return out.toString();
    }

    static String escape(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"); }

    private static String keep(List<String> kept, String html) {
        kept.add(html);
        return "\u0001" + (kept.size() - 1) + "\u0002";
    }

    private static String replace(Pattern p, String s, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(f.apply(m)));
        m.appendTail(out);
        return out.toString();
    }
}
