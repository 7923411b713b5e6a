package dev.tern.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Read-only is not "unchanging": MCP results live briefly unless the server says otherwise; the user's patterns win. */
class CacheTtlPolicyTest {

    @Test
    void mcpResultsAreShortLivedByDefault() {
        CachePolicy p = CachePolicy.DEFAULT;
        assertThat(p.ttl("read_file")).isEqualTo(CachePolicy.DEFAULT_TTL);
        assertThat(p.ttl("mcp_fs_read_text_file")).isEqualTo(CachePolicy.DEFAULT_MCP_TTL).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void aServersDeclaredTtlBeatsTheMcpDefaultButNotTheUsersServerPattern() {
        CachePolicy p = CachePolicy.DEFAULT.withTtls(Map.of(CachePolicy.MCP_PATTERN, Duration.ofSeconds(30),
                "mcp_fs_*", Duration.ofSeconds(2)));
        assertThat(p.ttl("mcp_news_headlines", Duration.ofMinutes(10))).as("the server knows its data").isEqualTo(Duration.ofMinutes(10));
        assertThat(p.ttl("mcp_fs_read_text_file", Duration.ofMinutes(10))).as("the user's per-server override").isEqualTo(Duration.ofSeconds(2));
        assertThat(p.ttl("mcp_news_headlines", null)).isEqualTo(Duration.ofSeconds(30));
    }
}
