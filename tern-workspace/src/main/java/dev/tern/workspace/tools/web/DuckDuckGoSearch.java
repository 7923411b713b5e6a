package dev.tern.workspace.tools.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** DuckDuckGo's HTML results page (no key): {@code div.result} with {@code a.result__a} and {@code .result__snippet}; ads skipped. */
record DuckDuckGoSearch(SearchHttp http, SearchConfig config) implements SearchBackend {

    @Override public String name() { return "duckduckgo"; }

    @Override public boolean configured() { return true; }

    @Override
    public List<Result> search(String query, int count) throws IOException, InterruptedException {
        String html = http.post(config.duckduckgoUrl(), List.of("content-type", "application/x-www-form-urlencoded",
                "accept", "text/html"), "q=" + SearchHttp.encode(query) + "&b=", name());
        List<Result> results = parse(html, config.duckduckgoUrl(), count);
        if (results.isEmpty() && !html.contains("No results") && !html.contains("no-results")) {
            throw new IOException("duckduckgo returned a page without results (possibly rate-limited)");
        }
        return results;
    }

    static List<Result> parse(String html, String baseUrl, int count) {
        Document doc = Jsoup.parse(html, baseUrl);
        List<Result> out = new ArrayList<>();
        for (Element r : doc.select("div.result, div.web-result")) {
            if (r.hasClass("result--ad") || r.selectFirst(".badge--ad") != null) continue;
            Element a = r.selectFirst("a.result__a");
            if (a == null) continue;
            String url = realUrl(a.attr("href"));
            if (url.isEmpty() || out.stream().anyMatch(x -> x.url().equals(url))) continue;
            Element snippet = r.selectFirst(".result__snippet");
            out.add(new Result(a.text(), url, snippet == null ? "" : snippet.text()));
            if (out.size() == count) break;
        }
        return out;
    }

    /** Result links go through {@code //duckduckgo.com/l/?uddg=<encoded target>}; return the target. */
    static String realUrl(String href) {
        String h = href.startsWith("//") ? "https:" + href : href;
        try {
            String q = URI.create(h).getRawQuery();
            if (q != null && h.contains("duckduckgo.com/l/")) {
                for (String kv : q.split("&")) {
                    if (kv.startsWith("uddg=")) return URLDecoder.decode(kv.substring(5), StandardCharsets.UTF_8);
                }
            }
        } catch (IllegalArgumentException e) {
            return h;
        }
        return h;
    }
}
