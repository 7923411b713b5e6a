package dev.tern.orchestration.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.ToolSpec;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolRegistry;
import dev.tern.tool.ToolResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolViewsTest {

    record Named(String name) implements Tool {
        @Override
        public ToolSpec spec() { return new ToolSpec(name, "test tool " + name, "{\"type\":\"object\"}"); }

        @Override
        public ToolResult execute(ToolCallContext call) { return ToolResult.ok(name); }
    }

    @Test
    void aViewHoldsOnlyTheGivenToolsAndFollowsTheRegistry() {
        ToolRegistry all = new ToolRegistry().registerAll(List.of(new Named("read_file"), new Named("exec"), new Named("write_file")));
        ToolViews views = new ToolViews(all);
        ToolRegistry v = views.view(ToolAccess.of(List.of("Read", "mcp_market_*")));
        assertThat(v.definitions()).extracting(ToolSpec::name).containsExactly("read_file");
        List<ToolSpec> before = v.definitions();

        all.register(new Named("mcp_market_quote")); // an MCP server registering later
        assertThat(v.definitions()).extracting(ToolSpec::name).containsExactlyInAnyOrder("read_file", "mcp_market_quote");
        all.register(new Named("mcp_other_x"));
        assertThat(v.find("mcp_other_x")).isEmpty();
        all.unregister("mcp_market_quote");
        assertThat(v.definitions()).extracting(ToolSpec::name).containsExactly("read_file");
        long version = v.version();
        all.register(new Named("web_fetch")); // not allowed: the view does not change at all
        assertThat(v.version()).isEqualTo(version);
        assertThat(v.definitions()).isEqualTo(before);
    }

    @Test
    void agentsWithTheSameToolsShareOneViewAndUnrestrictedAgentsGetTheRegistry() {
        ToolRegistry all = new ToolRegistry().register(new Named("read_file"));
        ToolViews views = new ToolViews(all);
        ToolRegistry a = views.view(ToolAccess.of(List.of("Read")));
        ToolRegistry b = views.view(ToolAccess.of(List.of("read_file")));
        assertThat(a).isSameAs(b);
        assertThat(views.size()).isEqualTo(1);
        assertThat(views.view(ToolAccess.ALL)).isSameAs(all);
        assertThat(views.view(ToolAccess.of(List.of())).size()).isZero();
    }
}
