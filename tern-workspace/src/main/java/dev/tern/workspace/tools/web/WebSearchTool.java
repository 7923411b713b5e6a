package dev.tern.workspace.tools.web;

import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import dev.tern.workspace.tools.BuiltinTool;
import dev.tern.workspace.tools.ToolException;
import java.io.IOException;
import dev.tern.http.HttpTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code web_search{query, count?}}: searches with the configured backends in order (Brave, Tavily,
 * SearXNG, DuckDuckGo HTML), skipping unconfigured ones and falling back to the next on failure or an
 * empty answer. Returns a numbered list of title, URL and snippet. Read-only and cacheable.
 */
public final class WebSearchTool extends BuiltinTool {

    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"query\":{\"type\":\"string\",\"description\":\"Search query\"},"
            + "\"count\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":10,\"description\":\"Number of results (default 5)\"}},"
            + "\"required\":[\"query\"]}";

    private final List<SearchBackend> backends;
    private final int defaultCount;

    public WebSearchTool(HttpTransport client, SearchConfig config, Duration timeout) {
        this(backends(new SearchHttp(client, timeout), config), config.maxResults(), timeout);
    }

    /** With explicit backends, tried in the given order. */
    public WebSearchTool(List<SearchBackend> backends, int defaultCount, Duration timeout) {
        super("web_search", "Search the web. Returns titles, URLs and snippets.", SCHEMA,
                new ToolTraits(true, false, true, timeout.multipliedBy(Math.max(1, backends.size())), null));
        this.backends = List.copyOf(backends);
        this.defaultCount = defaultCount;
    }

    static List<SearchBackend> backends(SearchHttp http, SearchConfig config) {
        List<SearchBackend> list = new ArrayList<>();
        for (String name : config.order()) {
            list.add(switch (name) {
                case "brave" -> new JsonSearchBackends.Brave(http, config);
                case "tavily" -> new JsonSearchBackends.Tavily(http, config);
                case "searxng" -> new JsonSearchBackends.Searxng(http, config);
                default -> new DuckDuckGoSearch(http, config);
            });
        }
        return list;
    }

    @Override
    protected ToolResult run(ToolCallContext call) throws InterruptedException {
        String query = required(call, "query").strip();
        if (query.isEmpty()) throw new ToolException("query is empty");
        int count = Math.max(1, Math.min(10, call.integer("count", defaultCount)));
        List<String> failures = new ArrayList<>();
        boolean anyEmpty = false;
        for (SearchBackend backend : backends) {
            if (!backend.configured()) continue;
            try {
                List<SearchBackend.Result> results = backend.search(query, count);
                if (!results.isEmpty()) return ToolResult.ok(format(query, backend.name(), results));
                anyEmpty = true;
            } catch (IOException | RuntimeException e) {
                failures.add(backend.name() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        if (anyEmpty) return ToolResult.ok("No results for: " + query);
        if (failures.isEmpty()) throw new ToolException("no web search backend is configured");
        throw new ToolException("web search failed: " + String.join("; ", failures));
    }

    static String format(String query, String backend, List<SearchBackend.Result> results) {
        StringBuilder out = new StringBuilder("Results for: ").append(query).append(" (").append(backend).append(")\n");
        int i = 1;
        for (SearchBackend.Result r : results) {
            out.append('\n').append(i++).append(". ").append(r.title().isEmpty() ? r.url() : r.title()).append('\n')
                    .append("   ").append(r.url()).append('\n');
            if (!r.snippet().isEmpty()) out.append("   ").append(r.snippet()).append('\n');
        }
        return out.toString();
    }
}
