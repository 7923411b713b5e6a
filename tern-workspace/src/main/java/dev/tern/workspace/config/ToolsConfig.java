package dev.tern.workspace.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code tools}: settings of the built-in tools.
 *
 * @param restrictToWorkspace file and shell tools may not leave the workspace (default true)
 * @param exec                shell tool settings
 * @param web                 web tools settings
 */
public record ToolsConfig(boolean restrictToWorkspace, Exec exec, Web web) {

    public static final ToolsConfig DEFAULT = new ToolsConfig(true, Exec.DEFAULT, Web.DEFAULT);

    /** @param timeout default timeout of one {@code exec} call */
    public record Exec(Duration timeout) {
        public static final Exec DEFAULT = new Exec(Duration.ofSeconds(60));
    }

    /**
     * @param allowHosts hosts {@code web_fetch} may reach; empty means any public host
     * @param search     the {@code web_search} backend
     * @param timeout    total time of one web call, body included ({@code tools.web.timeout}, seconds)
     */
    public record Web(List<String> allowHosts, Search search, Duration timeout) {
        public static final Web DEFAULT = new Web(List.of(), Search.DEFAULT, Duration.ofSeconds(30));

        public Web(List<String> allowHosts, Search search) { this(allowHosts, search, DEFAULT.timeout()); }

        public Web {
            allowHosts = List.copyOf(allowHosts);
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new ConfigException("tools.web.timeout must be a number of seconds > 0");
            }
        }
    }

    /**
     * @param backend    brave, tavily, searxng, duckduckgo ... (nanobot calls it {@code provider})
     * @param apiKey     the backend's key, or null
     * @param baseUrl    the backend's endpoint (searxng), or null
     * @param maxResults default result count
     */
    public record Search(String backend, String apiKey, String baseUrl, int maxResults) {
        public static final Search DEFAULT = new Search("brave", null, null, 5);

        @Override
        public String toString() {
            return "Search[backend=" + backend + ", apiKey=" + (apiKey == null ? "none" : "***") + ", baseUrl=" + baseUrl
                    + ", maxResults=" + maxResults + "]";
        }
    }
}
