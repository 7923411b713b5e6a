package dev.tern.workspace.tools;

import dev.tern.workspace.tools.sandbox.SandboxConfig;
import dev.tern.workspace.tools.web.SearchConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Settings of the built-in tools.
 *
 * @param workspace           the folder file tools and exec work in
 * @param restrictToWorkspace confine file paths and exec's working_dir to the workspace (default on)
 * @param readMaxLines        lines per read_file page (default 2 000)
 * @param readMaxBytes        bytes per read_file page (default 100 KB)
 * @param listMaxEntries      entries list_dir shows before "… N more" (default 500)
 * @param execTimeout         exec's default timeout (60 s)
 * @param execMaxTimeout      the most the timeout argument may ask for (10 min)
 * @param execMaxOutputBytes  output exec keeps, head and tail (32 KB)
 * @param webMaxChars         web_fetch's default max_chars (50 000)
 * @param webMaxBytes         bytes of a response body read at most (5 MB)
 * @param webTimeout          per-request timeout of web calls (30 s)
 * @param allowHosts          hosts ("host" or "host:port", lower case) exempt from the SSRF guard
 * @param search              web_search backends; null means DuckDuckGo only (the builder reads keys from the environment)
 * @param sandbox             OS isolation of exec (and optionally MCP servers); null means the defaults
 */
public record WorkspaceToolsConfig(Path workspace, boolean restrictToWorkspace, int readMaxLines, int readMaxBytes,
                                   int listMaxEntries, Duration execTimeout, Duration execMaxTimeout,
                                   int execMaxOutputBytes, int webMaxChars, int webMaxBytes, Duration webTimeout,
                                   Set<String> allowHosts, SearchConfig search, SandboxConfig sandbox) {

    public WorkspaceToolsConfig {
        workspace = (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
        if (readMaxLines < 1 || readMaxBytes < 1024 || listMaxEntries < 1 || execMaxOutputBytes < 256
                || webMaxChars < 1 || webMaxBytes < 1024) {
            throw new IllegalArgumentException("tool limits must be positive (bytes at least 1 KB)");
        }
        execTimeout = positive(execTimeout, "execTimeout");
        execMaxTimeout = positive(execMaxTimeout, "execMaxTimeout");
        webTimeout = positive(webTimeout, "webTimeout");
        TreeSet<String> hosts = new TreeSet<>();
        if (allowHosts != null) allowHosts.forEach(h -> hosts.add(h.strip().toLowerCase(Locale.ROOT)));
        allowHosts = Set.copyOf(hosts);
        search = search == null ? SearchConfig.fromEnv(Map.of()) : search;
        sandbox = sandbox == null ? SandboxConfig.DEFAULT : sandbox;
    }

    /** Defaults for a workspace, search backends from the environment. */
    public static WorkspaceToolsConfig defaults(Path workspace) {
        return builder(workspace).build();
    }

    public static Builder builder(Path workspace) { return new Builder(workspace); }

    /**
     * Reads the {@code tools} section of the config file (camelCase, snake_case accepted):
     * {@code restrictToWorkspace, exec.{timeout,maxTimeout,maxOutputBytes}, read.{maxLines,maxBytes},
     * web.{allowHosts,maxChars,maxBytes,timeout,search{...}}}; timeouts in seconds (the sandbox is its own
     * top-level section: {@link SandboxConfig#fromJson}).
     *
     * @param tools the section, or null for defaults
     * @param env   environment for API keys (BRAVE_API_KEY, TAVILY_API_KEY, SEARXNG_URL)
     */
    public static WorkspaceToolsConfig fromJson(JsonNode tools, Path workspace, Map<String, String> env) {
        Builder b = builder(workspace);
        b.search = SearchConfig.fromEnv(env);
        if (tools == null || !tools.isObject()) return b.build();
        JsonNode exec = field(tools, "exec");
        JsonNode read = field(tools, "read");
        JsonNode web = field(tools, "web");
        JsonNode r = field(tools, "restrictToWorkspace");
        if (r != null) b.restrictToWorkspace = r.asBoolean();
        b.execTimeout = seconds(field(exec, "timeout"), b.execTimeout);
        b.execMaxTimeout = seconds(field(exec, "maxTimeout"), b.execMaxTimeout);
        b.execMaxOutputBytes = integer(field(exec, "maxOutputBytes"), b.execMaxOutputBytes);
        b.readMaxLines = integer(field(read, "maxLines"), b.readMaxLines);
        b.readMaxBytes = integer(field(read, "maxBytes"), b.readMaxBytes);
        b.webMaxChars = integer(field(web, "maxChars"), b.webMaxChars);
        b.webMaxBytes = integer(field(web, "maxBytes"), b.webMaxBytes);
        b.webTimeout = seconds(field(web, "timeout"), b.webTimeout);
        JsonNode hosts = field(web, "allowHosts");
        if (hosts != null && hosts.isArray()) {
            TreeSet<String> set = new TreeSet<>();
            hosts.forEach(h -> set.add(h.asString()));
            b.allowHosts = set;
        }
        b.search = SearchConfig.fromJson(field(web, "search"), env);
        return b.build();
    }

    /** A field by camelCase name or its snake_case spelling; null when absent. */
    public static JsonNode field(JsonNode node, String camel) {
        if (node == null || !node.isObject()) return null;
        JsonNode v = node.get(camel);
        if (v == null || v.isNull()) v = node.get(camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT));
        return v == null || v.isNull() ? null : v;
    }

    private static Duration seconds(JsonNode n, Duration fallback) {
        return n == null ? fallback : Duration.ofMillis(Math.round(n.asDouble() * 1000));
    }

    private static int integer(JsonNode n, int fallback) { return n == null ? fallback : n.asInt(); }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive");
        return d;
    }

    /** Builder with the defaults. */
    public static final class Builder {
        private final Path workspace;
        private boolean restrictToWorkspace = true;
        private int readMaxLines = 2_000;
        private int readMaxBytes = 100 * 1024;
        private int listMaxEntries = 500;
        private Duration execTimeout = Duration.ofSeconds(60);
        private Duration execMaxTimeout = Duration.ofMinutes(10);
        private int execMaxOutputBytes = 32 * 1024;
        private int webMaxChars = 50_000;
        private int webMaxBytes = 5 * 1024 * 1024;
        private Duration webTimeout = Duration.ofSeconds(30);
        private Set<String> allowHosts = Set.of();
        private SearchConfig search;
        private SandboxConfig sandbox = SandboxConfig.DEFAULT;

        private Builder(Path workspace) { this.workspace = workspace; }

        public Builder restrictToWorkspace(boolean v) { restrictToWorkspace = v; return this; }
        public Builder readLimits(int maxLines, int maxBytes) { readMaxLines = maxLines; readMaxBytes = maxBytes; return this; }
        public Builder listMaxEntries(int v) { listMaxEntries = v; return this; }
        public Builder execTimeout(Duration v) { execTimeout = v; return this; }
        public Builder execMaxTimeout(Duration v) { execMaxTimeout = v; return this; }
        public Builder execMaxOutputBytes(int v) { execMaxOutputBytes = v; return this; }
        public Builder webMaxChars(int v) { webMaxChars = v; return this; }
        public Builder webMaxBytes(int v) { webMaxBytes = v; return this; }
        public Builder webTimeout(Duration v) { webTimeout = v; return this; }
        public Builder allowHosts(Set<String> v) { allowHosts = v; return this; }
        public Builder search(SearchConfig v) { search = v; return this; }
        public Builder sandbox(SandboxConfig v) { sandbox = v; return this; }

        public WorkspaceToolsConfig build() {
            return new WorkspaceToolsConfig(workspace, restrictToWorkspace, readMaxLines, readMaxBytes, listMaxEntries,
                    execTimeout, execMaxTimeout, execMaxOutputBytes, webMaxChars, webMaxBytes, webTimeout,
                    allowHosts, search == null ? SearchConfig.fromEnv(System.getenv()) : search, sandbox);
        }
    }
}
