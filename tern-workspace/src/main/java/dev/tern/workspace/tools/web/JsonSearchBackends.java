package dev.tern.workspace.tools.web;

import dev.tern.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The JSON search APIs: Brave, Tavily and SearXNG. */
final class JsonSearchBackends {

    private JsonSearchBackends() { }

    /** Brave Search API: {@code GET ?q&count}, header {@code X-Subscription-Token}; hits in {@code web.results[]}. */
    record Brave(SearchHttp http, SearchConfig config) implements SearchBackend {
        @Override public String name() { return "brave"; }

        @Override public boolean configured() { return config.braveApiKey() != null; }

        @Override
        public List<Result> search(String query, int count) throws IOException, InterruptedException {
            JsonNode root = parse(http.get(config.braveUrl() + "?q=" + SearchHttp.encode(query) + "&count=" + count,
                    List.of("accept", "application/json", "x-subscription-token", config.braveApiKey()), name()), name());
            return results(root.path("web").path("results"), "description", count);
        }
    }

    /** Tavily: {@code POST {query, max_results}}, bearer key; hits in {@code results[]} with {@code content}. */
    record Tavily(SearchHttp http, SearchConfig config) implements SearchBackend {
        @Override public String name() { return "tavily"; }

        @Override public boolean configured() { return config.tavilyApiKey() != null; }

        @Override
        public List<Result> search(String query, int count) throws IOException, InterruptedException {
            var body = Json.object().put("query", query).put("max_results", count).put("search_depth", "basic");
            String answer = http.post(config.tavilyUrl(), List.of("content-type", "application/json",
                    "authorization", "Bearer " + config.tavilyApiKey()), Json.write(body), name());
            return results(parse(answer, name()).path("results"), "content", count);
        }
    }

    /** SearXNG: {@code GET {base}/search?q&format=json}; hits in {@code results[]} with {@code content}. */
    record Searxng(SearchHttp http, SearchConfig config) implements SearchBackend {
        @Override public String name() { return "searxng"; }

        @Override public boolean configured() { return config.searxngUrl() != null; }

        @Override
        public List<Result> search(String query, int count) throws IOException, InterruptedException {
            String base = config.searxngUrl().replaceAll("/+$", "");
            return results(parse(http.get(base + "/search?q=" + SearchHttp.encode(query) + "&format=json",
                    List.of("accept", "application/json"), name()), name()).path("results"), "content", count);
        }
    }

    static JsonNode parse(String body, String backend) throws IOException {
        try {
            return Json.parse(body);
        } catch (JacksonException e) {
            throw new IOException(backend + " returned a response that is not JSON");
        }
    }

    static List<SearchBackend.Result> results(JsonNode array, String snippetField, int count) throws IOException {
        if (!array.isArray()) throw new IOException("unexpected response shape (no results array)");
        List<SearchBackend.Result> out = new ArrayList<>();
        for (JsonNode r : array) {
            String url = r.path("url").asString("");
            if (url.isEmpty()) continue;
            out.add(new SearchBackend.Result(r.path("title").asString(""), url, stripTags(r.path(snippetField).asString(""))));
            if (out.size() == count) break;
        }
        return out;
    }

    /** Brave marks query terms with {@code <strong>}; the model wants plain text. */
    static String stripTags(String s) {
        return s.indexOf('<') < 0 ? s : org.jsoup.Jsoup.parse(s).text();
    }
}
