package dev.tern.workspace.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.workspace.skills.Requirements;
import dev.tern.workspace.skills.SkillsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextBuilderTest {

    @TempDir Path ws;
    ContextBuilder builder;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(ws.resolve("AGENTS.md"), "agents text");
        Files.writeString(ws.resolve("SOUL.md"), "soul text");
        Files.writeString(ws.resolve("USER.md"), "user text");
        Files.writeString(ws.resolve("IDENTITY.md"), "identity text");
        Files.createDirectories(ws.resolve("memory"));
        Files.writeString(ws.resolve("memory/MEMORY.md"), "- likes tea");
        Files.createDirectories(ws.resolve("skills/always-on"));
        Files.writeString(ws.resolve("skills/always-on/SKILL.md"), "---\ndescription: d\nalways: true\n---\nALWAYS BODY");
        Files.createDirectories(ws.resolve("skills/weather"));
        Files.writeString(ws.resolve("skills/weather/SKILL.md"), "---\ndescription: forecasts\nrequires:\n  bins: [no-such-bin]\n---\nW");
        SkillsLoader skills = new SkillsLoader(ws, new Requirements(Map.of("PATH", "/nonexistent")::get), false);
        builder = new ContextBuilder(ws, skills, new PlatformInfo("Linux", "amd64", "25"),
                Clock.fixed(Instant.parse("2026-11-22T03:20:00Z"), ZoneId.of("UTC")));
    }

    private static void touch(Path f, String content) throws Exception {
        FileTime before = Files.getLastModifiedTime(f);
        Files.writeString(f, content);
        Files.setLastModifiedTime(f, FileTime.fromMillis(before.toMillis() + 2000));
    }

    @Test
    void twentyTurnsWithUnchangedFilesGiveTheSameBytesAndNoReads() {
        String first = builder.systemPrompt();
        Map<String, Long> readsAfterFirst = builder.fileReads();
        assertThat(readsAfterFirst).containsEntry("AGENTS.md", 1L).containsEntry("TOOLS.md", 0L)
                .containsEntry("memory/MEMORY.md", 1L);
        for (int i = 0; i < 20; i++) assertThat(builder.systemPrompt()).isSameAs(first);
        assertThat(builder.fileReads()).isEqualTo(readsAfterFirst);
        assertThat(builder.builds()).isEqualTo(1);
    }

    @Test
    void promptHasSectionsInNanobotOrder() {
        String p = builder.systemPrompt();
        assertThat(p).startsWith("# Tern").contains("Linux amd64, Java 25").contains(ws.toAbsolutePath().toString());
        int agents = p.indexOf("## AGENTS.md\n\nagents text");
        int soul = p.indexOf("## SOUL.md\n\nsoul text");
        int user = p.indexOf("## USER.md\n\nuser text");
        int identity = p.indexOf("## IDENTITY.md\n\nidentity text");
        int memory = p.indexOf("## Long-term Memory\n- likes tea");
        int always = p.indexOf("### Skill: always-on\n\nALWAYS BODY");
        int summary = p.indexOf("- **weather** — forecasts (unavailable: CLI: no-such-bin)");
        assertThat(agents).isPositive();
        assertThat(new int[] {agents, soul, user, identity, memory, always, summary}).isSorted();
        assertThat(p).doesNotContain("## TOOLS.md").doesNotContain("**always-on**").doesNotContain("2026-11-22");
    }

    @Test
    void touchingAFileRereadsExactlyThatFile() throws Exception {
        String first = builder.systemPrompt();
        Map<String, Long> before = builder.fileReads();
        touch(ws.resolve("USER.md"), "user text v2");
        String second = builder.systemPrompt();
        assertThat(second).isNotEqualTo(first).contains("user text v2");
        Map<String, Long> after = builder.fileReads();
        before.forEach((file, n) -> assertThat(after.get(file)).as(file).isEqualTo(file.equals("USER.md") ? n + 1 : n));
        assertThat(builder.systemPrompt()).isSameAs(second);
    }

    @Test
    void newFilesAndSkillsAppearAndSameContentKeepsTheInstance() throws Exception {
        String first = builder.systemPrompt();
        touch(ws.resolve("SOUL.md"), "soul text");  // touched, same bytes
        assertThat(builder.systemPrompt()).isSameAs(first);
        Files.writeString(ws.resolve("TOOLS.md"), "tools text");
        assertThat(builder.systemPrompt()).contains("## TOOLS.md\n\ntools text");
        Files.createDirectories(ws.resolve("skills/fresh"));
        Files.writeString(ws.resolve("skills/fresh/SKILL.md"), "---\ndescription: brand new\n---\nF");
        assertThat(builder.systemPrompt()).contains("- **fresh** — brand new");
    }

    @Test
    void invalidateForcesAReadEvenWithAnUnchangedStamp() throws Exception {
        builder.systemPrompt();
        Path mem = ws.resolve("memory/MEMORY.md");
        FileTime t = Files.getLastModifiedTime(mem);
        Files.writeString(mem, "- likes TEA");  // same size
        Files.setLastModifiedTime(mem, t);       // same mtime: invisible to the stat
        assertThat(builder.systemPrompt()).contains("- likes tea");
        builder.invalidateMemory();
        assertThat(builder.systemPrompt()).contains("- likes TEA");
        assertThat(builder.fileReads()).containsEntry("memory/MEMORY.md", 2L).containsEntry("AGENTS.md", 1L);
    }

    @Test
    void runtimeBlockCarriesTheVolatileFacts() {
        assertThat(builder.runtimeBlock("telegram", "42")).isEqualTo(
                "[Runtime Context]\nCurrent Time: 2026-11-22 03:20 (Sunday) (UTC)\nChannel: telegram\nChat ID: 42");
        assertThat(builder.runtimeBlock(null, null)).doesNotContain("Channel");
    }
}
