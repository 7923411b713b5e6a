package dev.tern.tokens;

import dev.tern.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.run.RunContext;
import dev.tern.json.Json;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolResultLimiterTest {

    static final Pattern MARKER = Pattern.compile(
            "\n…\\[truncated: ([0-9 ]+) chars total; full result saved to (.+?) — use read_file with that path to page through it]$");

    final TokenCounter counter = SharedTokenizers.EXACT.forModel("gpt-4o");
    @TempDir Path workspace;
    @TempDir Path fallback;

    ToolCallContext call(String id, Path ws) {
        return new ToolCallContext(id, "exec", JsonObject.EMPTY, RunContext.standalone(ws));
    }

    static String bigOutput() {
        return IntStream.range(0, 20_000).mapToObj(i -> "line " + i + ": value=" + (i * 7919 % 10007))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void smallResultsPassThroughUntouched() throws Exception {
        ToolResultLimiter limiter = new ToolResultLimiter(counter, 1000, fallback);
        ToolResult small = ToolResult.ok("x".repeat(5000)); // 5 000 chars but few tokens
        assertThat(limiter.intercept(null, call("c1", workspace), c -> small)).isSameAs(small);
    }

    @Test
    void largeResultsAreCutAndSavedInTheWorkspace() throws Exception {
        String full = bigOutput();
        ToolResultLimiter limiter = new ToolResultLimiter(counter, 1000, fallback);
        ToolResult out = limiter.intercept(null, call("call_42", workspace), c -> ToolResult.error(full));
        assertThat(out.error()).isTrue();
        assertThat(counter.count(out.content())).isLessThanOrEqualTo(1000);
        Matcher m = MARKER.matcher(out.content());
        assertThat(m.find()).as(out.content().substring(out.content().length() - 200)).isTrue();
        assertThat(m.group(1)).isEqualTo(ToolResultLimiterTestSupport.grouped(full.length()));
        assertThat(m.group(2)).isEqualTo(".tern/tool-results/call_42.txt");
        assertThat(Files.readString(workspace.resolve(m.group(2)))).isEqualTo(full);
        String kept = out.content().substring(0, m.start());
        assertThat(full).startsWith(kept);
        assertThat(kept).endsWith("\n".equals(kept.substring(kept.length() - 1)) ? "\n" : kept.substring(kept.length() - 1));
        assertThat(full.charAt(kept.length())).as("cut at a line break").isEqualTo('\n');
        assertThat(counter.count(kept)).isGreaterThan(800); // uses most of the budget
    }

    @Test
    void withoutAWorkspaceTheFullResultGoesToTheFallbackFolder() throws Exception {
        String full = bigOutput();
        ToolResultLimiter limiter = new ToolResultLimiter(counter, 500, fallback);
        ToolResult out = limiter.intercept(null, call("../../etc/passwd", null), c -> ToolResult.ok(full));
        Matcher m = MARKER.matcher(out.content());
        assertThat(m.find()).isTrue();
        Path saved = Path.of(m.group(2));
        assertThat(saved).isAbsolute().startsWith(fallback);
        assertThat(saved.getFileName().toString()).isEqualTo(".._.._etc_passwd.txt");
        assertThat(Files.readString(saved)).isEqualTo(full);
    }

    @Test
    void anUnwritableFolderStillTruncatesAndSaysSo() throws Exception {
        Path blocker = Files.writeString(workspace.resolve("file"), "not a folder");
        ToolResultLimiter limiter = new ToolResultLimiter(counter, 500, blocker.resolve("sub"));
        ToolResult out = limiter.intercept(null, call("c9", null), c -> ToolResult.ok(bigOutput()));
        assertThat(out.content()).contains("the full result could not be saved (");
        assertThat(counter.count(out.content())).isLessThanOrEqualTo(500);
    }
}
