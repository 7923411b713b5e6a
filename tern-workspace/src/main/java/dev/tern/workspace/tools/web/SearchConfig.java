package dev.tern.workspace.tools.web;

import dev.tern.workspace.tools.WorkspaceToolsConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * web_search backends: tried in {@code order}, skipping those not configured (no key or URL), falling
 * back to the next on failure.
 *
 * @param order         backend names: {@code brave, tavily, searxng, duckduckgo}
 * @param braveApiKey   Brave Search API key, or null
 * @param tavilyApiKey  Tavily API key, or null
 * @param searxngUrl    base URL of a SearXNG instance (JSON format enabled), or null
 * @param braveUrl      Brave endpoint (overridable for proxies and tests)
 * @param tavilyUrl     Tavily endpoint
 * @param duckduckgoUrl DuckDuckGo HTML endpoint
 * @param maxResults    default result count (5)
 */
public record SearchConfig(List<String> order, String braveApiKey, String tavilyApiKey, String searxngUrl,
                           String braveUrl, String tavilyUrl, String duckduckgoUrl, int maxResults) {

    public static final List<String> BACKENDS = List.of("brave", "tavily", "searxng", "duckduckgo");
    public static final String BRAVE_URL = "https://api.search.brave.com/res/v1/web/search";
    public static final String TAVILY_URL = "https://api.tavily.com/search";
    public static final String DUCKDUCKGO_URL = "https://html.duckduckgo.com/html/";

    public SearchConfig {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String n : order == null || order.isEmpty() ? BACKENDS : order) {
            String name = n.strip().toLowerCase(Locale.ROOT);
            if (name.equals("ddg")) name = "duckduckgo";
            if (!BACKENDS.contains(name)) {
                throw new IllegalArgumentException("unknown web search backend '" + n + "' (known: " + String.join(", ", BACKENDS) + ")");
            }
            names.add(name);
        }
        order = List.copyOf(names);
        braveApiKey = blankToNull(braveApiKey);
        tavilyApiKey = blankToNull(tavilyApiKey);
        searxngUrl = blankToNull(searxngUrl);
        braveUrl = braveUrl == null ? BRAVE_URL : braveUrl;
        tavilyUrl = tavilyUrl == null ? TAVILY_URL : tavilyUrl;
        duckduckgoUrl = duckduckgoUrl == null ? DUCKDUCKGO_URL : duckduckgoUrl;
        maxResults = maxResults <= 0 ? 5 : Math.min(10, maxResults);
    }

    /** Keys from {@code BRAVE_API_KEY}, {@code TAVILY_API_KEY}, {@code SEARXNG_URL}; default order. */
    public static SearchConfig fromEnv(Map<String, String> env) {
        return new SearchConfig(BACKENDS, env.get("BRAVE_API_KEY"), env.get("TAVILY_API_KEY"), env.get("SEARXNG_URL"),
                null, null, null, 5);
    }

    private static String text(JsonNode node, String name, String fallback) {
        JsonNode v = WorkspaceToolsConfig.field(node, name);
        return v == null || v.asString().isBlank() ? fallback : v.asString();
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.strip(); }
}
