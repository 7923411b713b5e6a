package dev.tern.workspace.skills;

import dev.tern.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.run.RunContext;
import dev.tern.json.Json;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkillsLoaderTest {

    @TempDir Path ws;
    @TempDir Path bin;
    Requirements req;

    @BeforeEach
    void setUp() throws Exception {
        Path tool = Files.writeString(bin.resolve("present-tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        req = new Requirements(Map.of("PATH", bin.toString(), "SET_VAR", "1")::get);
    }

    private void skill(String name, String text) throws Exception {
        Files.createDirectories(ws.resolve("skills").resolve(name));
        Files.writeString(ws.resolve("skills").resolve(name).resolve("SKILL.md"), text);
    }

    @Test
    void marksUnavailableSkillsWithTheReason() throws Exception {
        skill("ok", "---\ndescription: works\nrequires:\n  bins: [present-tool]\n  env: [SET_VAR]\n---\nok body");
        skill("nope", "---\ndescription: broken\nmetadata: {\"nanobot\":{\"requires\":{\"bins\":[\"absent-tool\"],\"env\":[\"UNSET_VAR\"]}}}\n---\nx");
        SkillsLoader loader = new SkillsLoader(ws, req, false);
        assertThat(loader.find("ok").orElseThrow().available()).isTrue();
        Skill nope = loader.find("nope").orElseThrow();
        assertThat(nope.available()).isFalse();
        assertThat(nope.unavailableReason()).isEqualTo("missing CLI: absent-tool, ENV: UNSET_VAR");
        assertThat(loader.summarySection())
                .contains("- **ok** — works  `" + ws.resolve("skills/ok/SKILL.md") + "`")
                .contains("- **nope** — broken (unavailable: CLI: absent-tool, ENV: UNSET_VAR)");
    }

    @Test
    void workspaceSkillsOverrideBuiltinsAndAlwaysOnBodiesAreSeparated() throws Exception {
        SkillsLoader builtinsOnly = new SkillsLoader(ws, req, true);
        assertThat(builtinsOnly.skills()).extracting(Skill::name).contains("memory", "github", "skill-creator");
        assertThat(builtinsOnly.find("github").orElseThrow().missing()).containsExactly("CLI: gh");
        assertThat(builtinsOnly.alwaysOnSection()).startsWith("# Active Skills\n\n### Skill: memory").contains("HISTORY.md");
        assertThat(builtinsOnly.summarySection()).doesNotContain("**memory**").contains("`builtin:github`");

        skill("github", "---\ndescription: my own github\n---\nmine");
        assertThat(builtinsOnly.refresh()).isTrue();
        Skill gh = builtinsOnly.find("github").orElseThrow();
        assertThat(gh.source()).isEqualTo(Skill.Source.WORKSPACE);
        assertThat(gh.body()).isEqualTo("mine");
        assertThat(builtinsOnly.refresh()).isFalse();
    }

    @Test
    void picksUpNewEditedAndDeletedSkills() throws Exception {
        SkillsLoader loader = new SkillsLoader(ws, req, false);
        assertThat(loader.skills()).isEmpty();
        skill("a", "---\ndescription: first\n---\nA");
        assertThat(loader.refresh()).isTrue();
        assertThat(loader.find("a").orElseThrow().description()).isEqualTo("first");
        Path f = ws.resolve("skills/a/SKILL.md");
        Files.writeString(f, "---\ndescription: second\n---\nA2");
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertThat(loader.refresh()).isTrue();
        assertThat(loader.find("a").orElseThrow().description()).isEqualTo("second");
        Files.delete(f);
        assertThat(loader.refresh()).isTrue();
        assertThat(loader.find("a")).isEmpty();
    }

    @Test
    void loadSkillToolReturnsTheBodyOrAClearError() throws Exception {
        skill("weather", "---\ndescription: forecasts\n---\nUse curl wttr.in");
        LoadSkillTool tool = new LoadSkillTool(new SkillsLoader(ws, req, false));
        assertThat(tool.traits().readOnly()).isTrue();
        ToolResult ok = tool.execute(new ToolCallContext("c1", "load_skill", JsonObject.parse("{\"name\":\"weather\"}"), RunContext.standalone(ws)));
        assertThat(ok.error()).isFalse();
        assertThat(ok.content()).isEqualTo("# Skill: weather\n\nUse curl wttr.in");
        ToolResult bad = tool.execute(new ToolCallContext("c2", "load_skill", JsonObject.parse("{\"name\":\"nope\"}"), RunContext.standalone(ws)));
        assertThat(bad.error()).isTrue();
        assertThat(bad.content()).isEqualTo("no skill named 'nope'; available: weather");
    }

    @Test
    void readsNestedYamlMetadataAndAgentSkillsFields() throws Exception {
        skill("pdf", """
            ---
            name: pdf
            description: Extract text and tables from PDF files.
            license: Apache-2.0
            allowed-tools: Bash(pdftotext:*) Read
            metadata:
              openclaw:
                always: true
                requires:
                  bins:
                    - pdftotext
            ---
            Use pdftotext.""");
        Skill pdf = new SkillsLoader(ws, req, false).find("pdf").orElseThrow();
        assertThat(pdf.requiredBins()).containsExactly("pdftotext");
        assertThat(pdf.missing()).containsExactly("CLI: pdftotext");
        assertThat(pdf.always()).isTrue();
        assertThat(pdf.frontMatter().string("allowed-tools")).isEqualTo("Bash(pdftotext:*) Read");
        assertThat(pdf.frontMatter().string("license")).isEqualTo("Apache-2.0");
        SkillsLoader loader = new SkillsLoader(ws, req, false);
        assertThat(loader.alwaysOnSection()).isEmpty();  // always-on but unavailable: listed, not injected
        assertThat(loader.summarySection()).contains("**pdf** — Extract text and tables from PDF files. (unavailable: CLI: pdftotext)");
    }
}
