package dev.tern.workspace.tools.web;

import dev.tern.json.Json;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import dev.tern.workspace.tools.BuiltinTool;
import dev.tern.workspace.tools.ToolException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.jsoup.Jsoup;
import tools.jackson.core.JacksonException;

/**
 * {@code web_fetch{url, max_chars?}}: fetches a page through the {@link GuardedFetcher} (SSRF guard on
 * every hop, byte cap) and returns readable text: HTML as markdown-ish text with the title first, JSON
 * pretty-printed, text as is; cut at {@code max_chars} with a marker. Read-only and cacheable.
 */
public final class WebFetchTool extends BuiltinTool {

    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"url\":{\"type\":\"string\",\"description\":\"http or https URL to fetch\"},"
            + "\"max_chars\":{\"type\":\"integer\",\"minimum\":100,\"description\":\"Maximum characters of text to return\"}},"
            + "\"required\":[\"url\"]}";

    private final GuardedFetcher fetcher;
    private final int defaultMaxChars;

    public WebFetchTool(GuardedFetcher fetcher, int defaultMaxChars, Duration timeout) {
        super("web_fetch", "Fetch a web page or API URL and return its readable text (HTML converted to markdown-like "
                        + "text, JSON pretty-printed). Default max_chars " + defaultMaxChars + ".", SCHEMA,
                new ToolTraits(true, false, true, timeout.plusSeconds(5), null));
        this.fetcher = fetcher;
        this.defaultMaxChars = defaultMaxChars;
    }

    @Override
    protected ToolResult run(ToolCallContext call) throws IOException, InterruptedException {
        String raw = required(call, "url").strip();
        int maxChars = Math.max(100, call.integer("max_chars", defaultMaxChars));
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ToolException("invalid URL '" + raw + "': " + e.getReason());
        }
        GuardedFetcher.Fetched page;
        try {
            page = fetcher.get(uri);
        } catch (GuardedFetcher.TimedOut e) {
            throw new ToolException("timed out fetching " + raw + ": " + e.getMessage());
        } catch (java.net.ConnectException e) {
            throw new ToolException("cannot connect to " + uri.getHost() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        String text = render(page);
        StringBuilder out = new StringBuilder();
        out.append("URL: ").append(page.finalUri()).append('\n');
        if (!page.finalUri().equals(uri)) out.append("(redirected from ").append(uri).append(")\n");
        out.append("Status: ").append(page.status()).append('\n');
        if (page.truncated()) out.append("(the body exceeded the download limit and was cut)\n");
        out.append('\n');
        if (text.length() > maxChars) {
            out.append(text, 0, maxChars).append("\n\n[truncated: showing ").append(maxChars).append(" of ")
                    .append(text.length()).append(" characters; call web_fetch with a larger max_chars for more]");
        } else {
            out.append(text);
        }
        return page.status() >= 400 ? ToolResult.error("HTTP " + page.status() + " from " + page.finalUri() + "\n" + out)
                : ToolResult.ok(out.toString());
    }

    static String render(GuardedFetcher.Fetched page) throws IOException {
        String type = page.contentType();
        Charset charset = charset(type);
        byte[] body = page.body();
        if (type.contains("html") || type.isEmpty() && looksLikeHtml(body)) {
            var doc = Jsoup.parse(new ByteArrayInputStream(body), charset == null ? null : charset.name(), page.finalUri().toString());
            return HtmlText.convert(doc);
        }
        String text = new String(body, charset == null ? StandardCharsets.UTF_8 : charset);
        if (type.contains("json") && !page.truncated()) {
            try {
                return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.parse(text));
            } catch (JacksonException e) {
                return text; // not valid JSON after all: show it as is
            }
        }
        return text;
    }

    private static boolean looksLikeHtml(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 512), StandardCharsets.ISO_8859_1).stripLeading().toLowerCase(Locale.ROOT);
        return head.startsWith("<!doctype html") || head.startsWith("<html");
    }

    private static Charset charset(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.startsWith("charset=")) {
                try {
                    return Charset.forName(p.substring(8).replace("\"", "").strip());
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
