package dev.tern.orchestration.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolAccessTest {

    @Test
    void claudeCodeNamesMapToTernNames() {
        ToolAccess a = ToolAccess.of(List.of("Read", "Write", "Edit", "MultiEdit", "Bash(git:*)", "WebFetch", "WebSearch", "LS",
                "Glob", "Grep"));
        assertThat(a.patterns()).containsExactly("read_file", "write_file", "edit_file", "exec", "web_fetch", "web_search",
                "list_dir", "glob", "grep");
        assertThat(a.unknown()).isEmpty();
    }

    @Test
    void mcpNamesAndPatternsAreKeptAndUnknownNamesReported() {
        ToolAccess a = ToolAccess.of(List.of("mcp__market__get_profile", "mcp__news", "mcp_filings_*", "read_file", "Task", "TodoWrite"));
        assertThat(a.patterns()).containsExactly("mcp_market_get_profile", "mcp_news_*", "mcp_filings_*", "read_file");
        assertThat(a.unknown()).containsExactly("Task", "TodoWrite");
        assertThat(a.allows("mcp_market_get_profile")).isTrue();
        assertThat(a.allows("mcp_market_get_news")).isFalse();
        assertThat(a.allows("mcp_news_headlines")).isTrue();
        assertThat(a.allows("mcp_filings_latest")).isTrue();
        assertThat(a.allows("read_file")).isTrue();
        assertThat(a.allows("exec")).isFalse();
        assertThat(a.allows("Task")).isFalse();
    }

    @Test
    void noToolsKeyAllowsEverythingAndAnEmptyListNothing() {
        assertThat(ToolAccess.of(null).unrestricted()).isTrue();
        assertThat(ToolAccess.of(null).allows("exec")).isTrue();
        assertThat(ToolAccess.of(List.of()).allows("read_file")).isFalse();
        assertThat(ToolAccess.matches("mcp_*_get", "mcp_a_get")).isTrue();
        assertThat(ToolAccess.matches("mcp_*_get", "mcp_a_put")).isFalse();
    }
}
