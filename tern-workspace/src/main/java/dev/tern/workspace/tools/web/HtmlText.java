package dev.tern.workspace.tools.web;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Readable, markdown-ish text from an HTML page: the title first, then headings ({@code #}), paragraphs,
 * list items ({@code -} / {@code 1.}), links ({@code [text](url)}), code blocks, quotes and table rows.
 * Scripts, styles, navigation, footers, forms and other chrome are dropped.
 */
public final class HtmlText {

    private static final String DROP = "script, style, noscript, template, nav, footer, aside, form, iframe, svg, "
            + "canvas, button, select, input, textarea, dialog, [hidden], [aria-hidden=true], [role=navigation]";

    private HtmlText() { }

    public static String convert(Document doc) {
        doc.select(DROP).remove();
        StringBuilder out = new StringBuilder();
        String title = doc.title().strip();
        if (!title.isEmpty()) out.append("# ").append(title).append("\n\n");
        Element root = doc.selectFirst("main, article, [role=main]");
        if (root == null) root = doc.body();
        if (root != null) block(root, out, 0);
        return tidy(out);
    }

    private static void block(Element e, StringBuilder out, int listDepth) {
        for (Node child : e.childNodes()) {
            if (child instanceof TextNode t) {
                appendText(out, t.text());
            } else if (child instanceof Element c) {
                element(c, out, listDepth);
            }
        }
    }

    private static void element(Element c, StringBuilder out, int listDepth) {
        String tag = c.normalName();
        switch (tag) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                String text = c.text().strip();
                if (!text.isEmpty()) {
                    newBlock(out);
                    out.append("#".repeat(tag.charAt(1) - '0')).append(' ').append(text).append("\n\n");
                }
            }
            case "p", "div", "section", "article", "main", "header", "figure", "figcaption", "dl", "dt", "dd",
                 "details", "summary", "center", "body" -> {
                newBlock(out);
                block(c, out, listDepth);
                newBlock(out);
            }
            case "br" -> out.append('\n');
            case "hr" -> { newBlock(out); out.append("---\n\n"); }
            case "ul", "ol" -> {
                newLine(out);
                int n = 1;
                for (Element li : c.children()) {
                    if (!li.normalName().equals("li")) continue;
                    newLine(out);
                    out.append("  ".repeat(listDepth)).append(tag.equals("ol") ? (n++) + ". " : "- ");
                    block(li, out, listDepth + 1);
                }
                if (listDepth == 0) newBlock(out);
                else newLine(out);
            }
            case "pre" -> {
                newBlock(out);
                out.append("```\n").append(c.wholeText().strip()).append("\n```\n\n");
            }
            case "code" -> out.append('`').append(c.text()).append('`');
            case "blockquote" -> {
                newBlock(out);
                StringBuilder inner = new StringBuilder();
                block(c, inner, listDepth);
                for (String line : tidy(inner).split("\n")) out.append("> ").append(line).append('\n');
                out.append('\n');
            }
            case "a" -> {
                String text = c.text().strip();
                String href = c.absUrl("href");
                if (text.isEmpty()) break;
                if (href.isEmpty() || href.startsWith("javascript:")) appendText(out, text);
                else {
                    space(out);
                    out.append('[').append(text).append("](").append(href).append(')');
                }
            }
            case "img" -> {
                String alt = c.attr("alt").strip();
                if (!alt.isEmpty()) appendText(out, "[image: " + alt + "]");
            }
            case "table" -> {
                newBlock(out);
                for (Element row : c.select("tr")) {
                    StringBuilder line = new StringBuilder("|");
                    for (Element cell : row.select("th, td")) line.append(' ').append(cell.text().strip()).append(" |");
                    out.append(line).append('\n');
                }
                out.append('\n');
            }
            case "strong", "b" -> wrap(c, out, "**", listDepth);
            case "em", "i" -> wrap(c, out, "*", listDepth);
            default -> block(c, out, listDepth);
        }
    }

    private static void wrap(Element c, StringBuilder out, String mark, int listDepth) {
        String text = c.text().strip();
        if (text.isEmpty()) return;
        space(out);
        out.append(mark).append(text).append(mark);
    }

    private static void appendText(StringBuilder out, String text) {
        String t = text.replaceAll("\\s+", " ");
        if (t.isBlank()) {
            if (!out.isEmpty() && !Character.isWhitespace(out.charAt(out.length() - 1))) out.append(' ');
            return;
        }
        if (t.startsWith(" ") && !out.isEmpty() && Character.isWhitespace(out.charAt(out.length() - 1))) t = t.substring(1);
        if (out.isEmpty() || out.charAt(out.length() - 1) == '\n') t = t.stripLeading();
        out.append(t);
    }

    private static void space(StringBuilder out) {
        if (!out.isEmpty()) {
            char last = out.charAt(out.length() - 1);
            if (!Character.isWhitespace(last) && last != '(' && last != '[') out.append(' ');
        }
    }

    private static void newLine(StringBuilder out) {
        trimTrailingSpaces(out);
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') out.append('\n');
    }

    private static void newBlock(StringBuilder out) {
        newLine(out);
        if (out.length() >= 2 && out.charAt(out.length() - 2) != '\n') out.append('\n');
    }

    private static void trimTrailingSpaces(StringBuilder out) {
        int n = out.length();
        while (n > 0 && out.charAt(n - 1) == ' ') n--;
        out.setLength(n);
    }

    /** Collapses runs of blank lines and trailing spaces. */
    private static String tidy(StringBuilder out) {
        return out.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }
}
