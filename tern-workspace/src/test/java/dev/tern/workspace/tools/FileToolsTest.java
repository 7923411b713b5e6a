package dev.tern.workspace.tools;

import dev.tern.json.JsonObject;

import static dev.tern.workspace.tools.Calls.q;
import static dev.tern.workspace.tools.Calls.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.json.Json;
import dev.tern.tool.ToolResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileToolsTest {

    @TempDir Path tmp;
    Path ws;
    Path outside;
    PathGuard guard;
    ReadFileTool read;
    WriteFileTool write;
    EditFileTool edit;
    ListDirTool list;

    @BeforeEach
    void setUp() throws Exception {
        ws = Files.createDirectories(tmp.resolve("ws"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "top secret");
        guard = new PathGuard(ws, true);
        read = new ReadFileTool(guard, 2000, 100 * 1024);
        write = new WriteFileTool(guard);
        edit = new EditFileTool(guard);
        list = new ListDirTool(guard, 500);
    }

    @Test
    void writeCreatesParentsAtomicallyAndReadReturnsIt() throws Exception {
        ToolResult w = run(write, "{\"path\":\"a/b/c.txt\",\"content\":\"hello\\nworld\\n\"}");
        assertThat(w.error()).as(w.content()).isFalse();
        assertThat(w.content()).contains("Created a/b/c.txt").contains("12 bytes");
        assertThat(Files.readString(ws.resolve("a/b/c.txt"))).isEqualTo("hello\nworld\n");
        assertThat(run(write, "{\"path\":\"a/b/c.txt\",\"content\":\"v2\"}").content()).startsWith("Overwrote");
        try (var files = Files.list(ws.resolve("a/b"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("c.txt"); // no temp file left behind
        }
        assertThat(run(read, "{\"path\":\"a/b/c.txt\"}").content()).isEqualTo("v2\n");
    }

    @Test
    void pathsOutsideTheWorkspaceAreRefused() throws Exception {
        for (String p : new String[] {"../outside/secret.txt", outside.resolve("secret.txt").toString(), "sub/../../outside/secret.txt", "/etc/passwd"}) {
            ToolResult r = run(read, "{\"path\":" + q(p) + "}");
            assertThat(r.error()).as(p).isTrue();
            assertThat(r.content()).as(p).contains("outside the workspace").doesNotContain("top secret");
        }
        ToolResult w = run(write, "{\"path\":\"../outside/new.txt\",\"content\":\"x\"}");
        assertThat(w.error()).isTrue();
        assertThat(outside.resolve("new.txt")).doesNotExist();
        // `..` that stays inside is fine
        Files.writeString(ws.resolve("ok.txt"), "fine");
        assertThat(run(read, "{\"path\":\"sub/../ok.txt\"}").content()).isEqualTo("fine\n");
    }

    @Test
    void symlinksThatEscapeAreRefusedAlsoForNewFiles() throws Exception {
        Files.createSymbolicLink(ws.resolve("link-out"), outside);
        Files.createSymbolicLink(ws.resolve("secret-link.txt"), outside.resolve("secret.txt"));
        ToolResult r = run(read, "{\"path\":\"secret-link.txt\"}");
        assertThat(r.error()).isTrue();
        assertThat(r.content()).contains("symlink").doesNotContain("top secret");
        ToolResult w = run(write, "{\"path\":\"link-out/created.txt\",\"content\":\"x\"}");
        assertThat(w.error()).isTrue();
        assertThat(w.content()).contains("symlink");
        assertThat(outside.resolve("created.txt")).doesNotExist();
        ToolResult deep = run(write, "{\"path\":\"link-out/new/dir/f.txt\",\"content\":\"x\"}");
        assertThat(deep.error()).isTrue();
        assertThat(outside.resolve("new")).doesNotExist();
        assertThat(run(list, "{\"path\":\"link-out\"}").error()).isTrue();
        // a symlink that stays inside works
        Files.createDirectories(ws.resolve("real"));
        Files.createSymbolicLink(ws.resolve("inner"), ws.resolve("real"));
        assertThat(run(write, "{\"path\":\"inner/x.txt\",\"content\":\"in\"}").error()).isFalse();
        assertThat(Files.readString(ws.resolve("real/x.txt"))).isEqualTo("in");
    }

    @Test
    void unrestrictedGuardAllowsOutsidePaths() throws Exception {
        ReadFileTool free = new ReadFileTool(new PathGuard(ws, false), 2000, 100 * 1024);
        assertThat(run(free, "{\"path\":" + q(outside.resolve("secret.txt").toString()) + "}").content()).isEqualTo("top secret\n");
    }

    @Test
    void readFilePagesLargeFilesWithAFooterThatNamesTheNextOffset() throws Exception {
        String content = IntStream.rangeClosed(1, 4500).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(ws.resolve("big.txt"), content);
        ToolResult first = run(read, "{\"path\":\"big.txt\"}");
        assertThat(first.content()).startsWith("line 1\n").contains("line 2000\n").doesNotContain("line 2001\n")
                .contains("showing lines 1-2000 of 4500").contains("offset=2001");
        ToolResult second = run(read, "{\"path\":\"big.txt\",\"offset\":2001}");
        assertThat(second.content()).startsWith("line 2001\n").contains("line 4000\n").contains("offset=4001");
        ToolResult last = run(read, "{\"path\":\"big.txt\",\"offset\":4001}");
        assertThat(last.content()).startsWith("line 4001\n").contains("line 4500\n").contains("end of file").doesNotContain("offset=");
        ToolResult limited = run(read, "{\"path\":\"big.txt\",\"offset\":10,\"limit\":3}");
        assertThat(limited.content()).startsWith("line 10\nline 11\nline 12\n\n[showing lines 10-12 of 4500").contains("offset=13");
        assertThat(run(read, "{\"path\":\"big.txt\",\"offset\":9999}").content()).contains("past the end");
    }

    @Test
    void readFileCapsBytesPerPage() throws Exception {
        ReadFileTool small = new ReadFileTool(guard, 2000, 2048);
        String line = "x".repeat(99);
        Files.writeString(ws.resolve("wide.txt"), (line + "\n").repeat(100)); // 10 000 chars, 100 lines
        ToolResult r = run(small, "{\"path\":\"wide.txt\"}");
        assertThat(r.content().length()).isLessThan(2048 + 200);
        assertThat(r.content()).contains("showing lines 1-20 of 100").contains("offset=21");
        Files.writeString(ws.resolve("oneline.txt"), "y".repeat(10_000));
        assertThat(run(small, "{\"path\":\"oneline.txt\"}").content()).contains("line 1 truncated");
    }

    @Test
    void readFileRereadsOnlyWhenTheFileChanged() throws Exception {
        Path f = ws.resolve("notes.md");
        Files.writeString(f, "first version\n");
        assertThat(run(read, "{\"path\":\"notes.md\"}").content()).isEqualTo("first version\n");
        assertThat(run(read, "{\"path\":\"./notes.md\"}").content()).isEqualTo("first version\n");
        assertThat(read.unchangedHits()).isEqualTo(1);
        Files.writeString(f, "second, longer version\n"); // an edit made outside the runtime
        assertThat(run(read, "{\"path\":\"notes.md\"}").content()).isEqualTo("second, longer version\n");
        run(write, "{\"path\":\"notes.md\",\"content\":\"third  version, same size!\\n\"}");
        assertThat(run(read, "{\"path\":\"notes.md\"}").content()).isEqualTo("third  version, same size!\n");
        assertThat(read.unchangedHits()).isEqualTo(1);
    }

    @Test
    void readFileDetectsBinaryFilesAndDirectories() throws Exception {
        Files.write(ws.resolve("img.bin"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 1, 2});
        ToolResult r = run(read, "{\"path\":\"img.bin\"}");
        assertThat(r.content()).contains("binary file (10 bytes)");
        assertThat(run(read, "{\"path\":\".\"}").content()).contains("is a directory");
        assertThat(run(read, "{\"path\":\"missing.txt\"}").content()).contains("not found");
        Files.writeString(ws.resolve("utf.txt"), "grüße 👋", StandardCharsets.UTF_8);
        assertThat(run(read, "{\"path\":\"utf.txt\"}").content()).isEqualTo("grüße 👋\n");
    }

    @Test
    void editFileReplacesExactlyOneOccurrence() throws Exception {
        Files.writeString(ws.resolve("code.py"), "def a():\n    return 1\n\ndef b():\n    return 1\n");
        ToolResult twice = run(edit, "{\"path\":\"code.py\",\"old_text\":\"return 1\",\"new_text\":\"return 2\"}");
        assertThat(twice.error()).isTrue();
        assertThat(twice.content()).contains("occurs 2 times").contains("more surrounding lines");
        ToolResult none = run(edit, "{\"path\":\"code.py\",\"old_text\":\"return 3\",\"new_text\":\"x\"}");
        assertThat(none.error()).isTrue();
        assertThat(none.content()).contains("occurs 0 times").contains("hint");
        ToolResult ws1 = run(edit, "{\"path\":\"code.py\",\"old_text\":\"def b():\\n  return 1\",\"new_text\":\"x\"}");
        assertThat(ws1.content()).contains("differs only in whitespace");
        assertThat(Files.readString(ws.resolve("code.py"))).isEqualTo("def a():\n    return 1\n\ndef b():\n    return 1\n");
        ToolResult ok = run(edit, "{\"path\":\"code.py\",\"old_text\":\"def b():\\n    return 1\",\"new_text\":\"def b():\\n    return 2\"}");
        assertThat(ok.error()).as(ok.content()).isFalse();
        assertThat(ok.content()).contains("line 4");
        assertThat(Files.readString(ws.resolve("code.py"))).isEqualTo("def a():\n    return 1\n\ndef b():\n    return 2\n");
    }

    @Test
    void editFileHandlesCrlfFilesAndRefusesMissingFiles() throws Exception {
        Files.writeString(ws.resolve("win.txt"), "one\r\ntwo\r\nthree\r\n");
        ToolResult ok = run(edit, "{\"path\":\"win.txt\",\"old_text\":\"one\\ntwo\",\"new_text\":\"1\\n2\"}");
        assertThat(ok.error()).as(ok.content()).isFalse();
        assertThat(Files.readString(ws.resolve("win.txt"))).isEqualTo("1\r\n2\r\nthree\r\n");
        assertThat(run(edit, "{\"path\":\"nope.txt\",\"old_text\":\"a\",\"new_text\":\"b\"}").content()).contains("write_file");
        assertThat(run(edit, "{\"path\":\"win.txt\",\"old_text\":\"\",\"new_text\":\"b\"}").content()).contains("old_text is empty");
    }

    @Test
    void listDirIsSortedMarksFoldersAndIsBounded() throws Exception {
        Files.createDirectories(ws.resolve("zdir"));
        Files.createDirectories(ws.resolve("adir"));
        Files.writeString(ws.resolve("m.txt"), "");
        Files.writeString(ws.resolve("b.txt"), "");
        assertThat(run(list, "{\"path\":\".\"}").content()).isEqualTo("adir/\nb.txt\nm.txt\nzdir/\n");
        for (int i = 0; i < 30; i++) Files.writeString(ws.resolve("zdir/f" + (100 + i)), "");
        ListDirTool small = new ListDirTool(guard, 10);
        String out = run(small, "{\"path\":\"zdir\"}").content();
        assertThat(out.lines()).hasSize(11).startsWith("f100", "f101").endsWith("… 20 more");
        assertThat(run(list, "{\"path\":\"adir\"}").content()).isEqualTo("(empty folder)");
        assertThat(run(list, "{\"path\":\"m.txt\"}").content()).contains("not a folder");
    }

    @Test
    void fileToolsDeclareTheirResourceAsTheNormalizedAbsolutePath() {
        String expected = "file:" + ws.toAbsolutePath().normalize().resolve("dir/f.txt");
        assertThat(write.traits().resourceOf(JsonObject.parse("{\"path\":\"dir/./x/../f.txt\",\"content\":\"\"}"))).isEqualTo(expected);
        assertThat(edit.traits().resourceOf(JsonObject.parse("{\"path\":\"dir/f.txt\"}"))).isEqualTo(expected);
        assertThat(read.traits().resourceOf(JsonObject.parse("{\"path\":" + q(ws.resolve("dir/f.txt").toString()) + "}"))).isEqualTo(expected);
        assertThat(write.traits().readOnly()).isFalse();
        assertThat(read.traits().readOnly()).isTrue();
    }

    @Test
    void protectedFilesCannotBeReachedThroughALinkOfAnotherName() throws Exception {
        Files.writeString(ws.resolve(".mcp.json"), "{}");
        Files.createDirectories(ws.resolve(".git/hooks"));
        Files.createSymbolicLink(ws.resolve("notes.json"), ws.resolve(".mcp.json"));
        Files.createSymbolicLink(ws.resolve("h"), ws.resolve(".git/hooks"));
        ToolResult w = run(write, "{\"path\":\"notes.json\",\"content\":\"{\\\"mcpServers\\\":{}}\"}");
        assertThat(w.error()).isTrue();
        assertThat(w.content()).contains("protected .mcp.json");
        ToolResult hook = run(write, "{\"path\":\"h/pre-commit\",\"content\":\"rm -rf ~\"}");
        assertThat(hook.content()).contains("protected .git");
        assertThat(ws.resolve(".git/hooks/pre-commit")).doesNotExist();
        assertThat(ws.resolve(".mcp.json")).hasContent("{}");
        // by its own name the tool writes it (the permission gate is what asks the user first)
        assertThat(run(write, "{\"path\":\".mcp.json\",\"content\":\"{ }\"}").error()).isFalse();
    }

    @Test
    void aFifoOrDeviceIsNotReadAsAFile() throws Exception {
        Files.createSymbolicLink(ws.resolve("null"), Path.of("/dev/null"));
        assertThat(run(read, "{\"path\":\"null\"}").content()).contains("outside the workspace");
        Process p = new ProcessBuilder("mkfifo", ws.resolve("pipe").toString()).start();
        assertThat(p.waitFor()).isZero();
        assertThat(run(read, "{\"path\":\"pipe\"}").content()).contains("not a regular file");
    }
}
