package dev.tern.workspace.tools;

import static dev.tern.workspace.tools.Calls.q;
import static dev.tern.workspace.tools.Calls.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchToolsTest {

    @TempDir Path tmp;
    Path ws;
    Path outside;
    GlobTool glob;
    GrepTool grep;

    @BeforeEach
    void setUp() throws Exception {
        ws = Files.createDirectories(tmp.resolve("ws"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("Secret.java"), "class Secret { String token = \"TODO leak\"; }");
        Files.createDirectories(ws.resolve("src/main"));
        Files.createDirectories(ws.resolve(".git"));
        Files.writeString(ws.resolve("src/main/App.java"), "class App {\n  // TODO: start\n  void run() {}\n}\n");
        Files.writeString(ws.resolve("src/Util.java"), "class Util { /* todo later */ }\n");
        Files.writeString(ws.resolve("README.md"), "# Readme\nTODO write docs\n");
        Files.writeString(ws.resolve(".git/config"), "TODO in git\n");
        Files.write(ws.resolve("blob.bin"), new byte[] {'T', 'O', 'D', 'O', 0, 1, 2});
        Files.createSymbolicLink(ws.resolve("escape"), outside);
        PathGuard guard = new PathGuard(ws, true);
        glob = new GlobTool(guard, 500);
        grep = new GrepTool(guard, 500);
    }

    @Test
    void globMatchesNamesInEveryFolderOrWholeRelativePaths() throws Exception {
        assertThat(run(glob, "{\"pattern\":\"*.java\"}").content()).isEqualTo("src/Util.java\nsrc/main/App.java\n");
        assertThat(run(glob, "{\"pattern\":\"**/*.java\"}").content()).isEqualTo("src/Util.java\nsrc/main/App.java\n");
        assertThat(run(glob, "{\"pattern\":\"src/*.java\"}").content()).isEqualTo("src/Util.java\n");
        assertThat(run(glob, "{\"pattern\":\"*.java\",\"path\":\"src/main\"}").content()).isEqualTo("App.java\n");
        assertThat(run(glob, "{\"pattern\":\"*.py\"}").content()).startsWith("no files match");
    }

    @Test
    void grepReturnsPathLineAndTextSkippingBinaryVcsAndSymlinkedFolders() throws Exception {
        ToolResult r = run(grep, "{\"pattern\":\"TODO\"}");
        assertThat(r.error()).isFalse();
        assertThat(r.content().lines()).containsExactly("README.md:2: TODO write docs", "src/main/App.java:2:   // TODO: start");
        assertThat(run(grep, "{\"pattern\":\"todo\",\"ignore_case\":true,\"glob\":\"*.java\"}").content().lines())
                .containsExactly("src/Util.java:1: class Util { /* todo later */ }", "src/main/App.java:2:   // TODO: start");
        assertThat(run(grep, "{\"pattern\":\"void\",\"path\":\"src/main/App.java\"}").content())
                .isEqualTo("src/main/App.java:3:   void run() {}\n");
    }

    @Test
    void grepBoundsItsResultsAndRejectsBadPatterns() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 50; i++) many.append("hit ").append(i).append('\n');
        Files.writeString(ws.resolve("many.txt"), many);
        ToolResult r = run(grep, "{\"pattern\":\"hit\",\"max_results\":5}");
        assertThat(r.content().lines().filter(l -> l.startsWith("many.txt:"))).hasSize(5);
        assertThat(r.content()).contains("more matches not shown (limit 5");
        ToolResult bad = run(grep, "{\"pattern\":\"(unclosed\"}");
        assertThat(bad.error()).isTrue();
        assertThat(bad.content()).startsWith("invalid regular expression");
    }

    @Test
    void pathsOutsideTheWorkspaceAreRefusedLikeListDir() throws Exception {
        for (String p : new String[] {"../outside", outside.toString(), "escape", "escape/"}) {
            assertThat(run(glob, "{\"pattern\":\"*.java\",\"path\":" + q(p) + "}").error()).as(p).isTrue();
            assertThat(run(grep, "{\"pattern\":\"TODO\",\"path\":" + q(p) + "}").error()).as(p).isTrue();
        }
        assertThat(run(glob, "{\"pattern\":\"**\"}").content()).doesNotContain("Secret").doesNotContain(".git/");
    }
}
